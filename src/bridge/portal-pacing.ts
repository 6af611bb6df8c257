/**
 * The pacing both bridges apply by default to a gateway that Studer's portal may share.
 * @module
 */
import type { Pacing } from '../client/pacing.js';

/** The portal-friendly pacing of a shared Xcom-LAN: 1 s idle after each 5 s of requests. */
export const PORTAL_PACING: Pacing = { burstMs: 5000, pauseMs: 1000 };

/**
 * The default pacing for a transport URL: {@link PORTAL_PACING} for `tcp-listen://` (an
 * Xcom-LAN's Moxa in "TCP client" mode, which Studer's portal shares), none otherwise.
 */
export function defaultPacing(url: string | undefined): Pacing | undefined {
  return url !== undefined && /^tcp-listen:/i.test(url.trim()) ? PORTAL_PACING : undefined;
}
