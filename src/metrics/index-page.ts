/**
 * The exporter's `/` page: what it is, the installation's state, a link to `/metrics`.
 * @module
 */
import type { InstallationMonitor } from '../bridge/installation-monitor.js';
import type { Page } from './http-server.js';

const escape = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The page, from the monitor's state now. */
export function indexPage(monitor: InstallationMonitor): Page {
  const units = monitor.installation?.devices.map((d) => d.code).join(', ') ?? 'not discovered yet';
  const body = [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8"><title>xcom-ts exporter</title></head><body>',
    '<h1>xcom-ts: a Prometheus exporter of a Studer installation</h1>',
    `<p>State: ${escape(monitor.status.state)} (${escape(monitor.status.message)})</p>`,
    `<p>Units: ${escape(units)}; datapoints read: ${monitor.items.length}</p>`,
    '<p><a href="metrics">/metrics</a></p>',
    '</body></html>',
    '',
  ].join('\n');
  return { body, contentType: 'text/html; charset=utf-8' };
}
