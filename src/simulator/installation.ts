/**
 * The simulated installation: its devices seeded from the catalogue, the plant whose physics
 * drives the user infos, the Xcom-232i's message log, GUID, real-time clock and frame flags,
 * what signals do, and hooks to read, set and raise anything from a test.
 * @module
 */
import { EventEmitter } from 'node:events';
import { XcomValidationError } from '../errors.js';
import { checkBatteryVoltage, type BatteryVoltage } from '../catalogue/battery-voltage.js';
import type { Datapoint, Family } from '../catalogue/types.js';
import { encodeFrameFlags } from '../protocol/frame-flags.js';
import { systemClock, type SimClock } from './clock.js';
import { catalogueDatapoints } from './default-datapoints.js';
import { DEFAULT_SOFTWARE_VERSION, resolveIdentity } from './device-identity.js';
import { infoValue } from './info-model.js';
import { resolveDevices, type InstallationOptions, type Variant } from './installation-options.js';
import { MessageLog, type LoggedMessage } from './message-log.js';
import type { ParameterState, WriteTarget } from './parameter-store.js';
import { PlantModel } from './plant.js';
import { SeededRandom } from './random.js';
import { RccDisplay } from './rcc-display.js';
import { SdCard } from './sd-card.js';
import { signalEffect, SIGNAL_VALUE, type SignalEvent } from './signals.js';
import { SimDevice } from './sim-device.js';

/** A message to raise with {@link SimInstallation.raiseEvent}. */
export interface EventInput {
  /** The message number (see the catalogue's `MESSAGES`); 0 is "Battery low". */
  readonly type: number;
  /** The device that raises it (default the first Xtender, else 501). */
  readonly srcAddr?: number;
  /** Seconds since 1970, local wall-clock time (default now). */
  readonly timestamp?: number;
  /** The record's value field (default 0). */
  readonly value?: number;
}

/** A parameter write, as {@link SimInstallationEvents} reports it. */
export interface ParameterWrite {
  /** The device written. */
  readonly address: number;
  /** The parameter number. */
  readonly id: number;
  /** The new value. */
  readonly value: number;
  /** Where it landed: flash (property 5), or RAM only (property 13, or property 5 while {1550} is No). */
  readonly target: WriteTarget;
}

/** Events of a {@link SimInstallation}. */
export interface SimInstallationEvents {
  /** A message was logged (by the model, a hook or a test). */
  message: [message: LoggedMessage];
  /** A parameter was written over Scom (signals and the clock {5002} are reported elsewhere). */
  write: [write: ParameterWrite];
  /** A signal parameter was written with 1, once per device reached. */
  signal: [signal: SignalEvent];
}

const RCC_DATE = 5002;
const XCOM = 501;

/**
 * A virtual Studer installation: three Xtenders (one per phase), two VarioTracks, one
 * VarioString, a BSP and the Xcom-232i at 501 by default. Values follow a deterministic
 * plant model driven by the seed and the clock.
 *
 * @example
 * ```ts
 * const clock = new ManualClock();
 * const site = new SimInstallation({ seed: 7, clock });
 * clock.advance(3600_000);
 * site.currentValue(101, 3000);          // battery voltage seen by Xtender 1
 * site.setValue(101, 1138, 40);          // as if set on the RCC (RAM and flash)
 * site.raiseEvent({ type: 16, srcAddr: 102 }); // "Fan error detected"
 * ```
 */
export class SimInstallation extends EventEmitter<SimInstallationEvents> {
  /** Every device, in address order of the families (Xtenders, VarioTracks, 501, 601, VarioStrings). */
  readonly devices: readonly SimDevice[];
  /** The seed of every value. */
  readonly seed: number;
  /** The mains variant. */
  readonly variant: Variant;
  /** The battery's nominal voltage. */
  readonly batteryVoltage: BatteryVoltage;
  /** Where time comes from. */
  readonly clock: SimClock;
  /** The Xcom-232i's message log. */
  readonly messages: MessageLog;
  /** The Xcom-232i's GUID (16 bytes). */
  readonly guid: Uint8Array;
  /** The plant behind the user infos. */
  readonly plant: PlantModel;
  /** Whether frame flag bit 1 ("restarted") is set; writing parameter 5104 clears it. */
  restarted: boolean;
  /** How long a restart by signal keeps units away, ms. */
  readonly restartMs: number;

  /** The RCC display the screen object (0x0100) shows and its keys drive. */
  readonly display: RccDisplay;

  /** The last string written to the custom datalog field (object type 5), if any. */
  datalogField: Uint8Array | undefined;
  /** The SD card and its datalog files, when a card is present (frame flag bit 2). */
  readonly sdCard: SdCard | undefined;
  /** Whether the datalogger is supported (frame flag bit 5): the file-transfer object answers. */
  readonly datalogSupported: boolean;

  private readonly byAddress = new Map<number, SimDevice>();
  private readonly parameterIds: ReadonlySet<number>;
  private readonly staticFlags: number;
  private readonly utcOffsetMs: number;
  /** The real-time clock's offset from the simulator's clock, set through {5002}. */
  private rtcOffsetSeconds = 0;
  /** While the Xcom-232i restarts: when it answers again (and raises bit 1). */
  private gatewayBackAtMs: number | undefined;

  /** @param options the installation's make-up, seed and clock; all optional */
  constructor(options: InstallationOptions = {}) {
    super();
    this.seed = options.seed ?? 1;
    this.variant = options.variant ?? '230V';
    this.batteryVoltage = checkBatteryVoltage(options.batteryVoltage ?? 48);
    this.clock = options.clock ?? systemClock;
    this.utcOffsetMs = (options.utcOffsetMinutes ?? 0) * 60_000;
    const specs = resolveDevices(options);
    const datapoints = options.datapoints ?? catalogueDatapoints(this.variant, this.batteryVoltage);
    const byFamily = new Map<Family, Datapoint[]>();
    for (const dp of datapoints) {
      const list = byFamily.get(dp.family);
      if (list === undefined) byFamily.set(dp.family, [dp]);
      else list.push(dp);
    }
    this.parameterIds = new Set(datapoints.filter((dp) => dp.kind === 'parameter').map((dp) => dp.id));
    const identities = options.identities ?? {};
    for (const key of Object.keys(identities)) {
      if (!specs.some((spec) => String(spec.address) === key)) {
        throw new XcomValidationError(`identities names address ${key}, where the installation has no device`, 'identities');
      }
    }
    const fids = new Set<number>();
    const software = options.softwareVersion ?? DEFAULT_SOFTWARE_VERSION;
    this.devices = specs.map(
      (spec) => new SimDevice(spec, byFamily.get(spec.family) ?? [], resolveIdentity(spec, identities[spec.address] ?? {}, software, this.seed, fids)),
    );
    for (const device of this.devices) this.byAddress.set(device.address, device);
    this.restartMs = options.restartMs ?? 10_000;
    if (!(this.restartMs >= 0 && Number.isFinite(this.restartMs))) {
      throw new XcomValidationError(`restartMs must be a duration in ms, got ${this.restartMs}`, 'restartMs');
    }
    this.messages = new MessageLog(options.messageLog);
    this.display = new RccDisplay(this);

    const guid = options.guid ?? SeededRandom.derive(this.seed, 'guid').bytes(16);
    if (guid.length !== 16) throw new XcomValidationError(`guid must be 16 bytes, got ${guid.length}`, 'guid');
    this.guid = Uint8Array.from(guid);
    const flags = { sdCardPresent: true, datalogSupported: true, xcomRestarted: true, ...options.frameFlags };
    this.restarted = flags.xcomRestarted;
    this.staticFlags = encodeFrameFlags({ ...flags, xcomRestarted: false, newDatalogFile: false }) | ((options.reservedFlagBits ?? 0) & 0xc0);
    this.datalogSupported = flags.datalogSupported;

    const soc = options.initialSoc;
    if (soc !== undefined && !(soc >= 0 && soc <= 100)) {
      throw new XcomValidationError(`initialSoc is a percentage 0–100, got ${soc}`, 'initialSoc');
    }
    this.plant = new PlantModel({
      seed: this.seed,
      devices: specs,
      variant: this.variant,
      batteryVoltage: this.batteryVoltage,
      utcOffsetMinutes: options.utcOffsetMinutes ?? 0,
      startMs: this.clock.now(),
      ...(soc === undefined ? {} : { initialSoc: soc / 100 }),
      onEvent: (type, srcAddr, atMs) => this.log({ type, srcAddr, timestamp: this.toLocalSeconds(atMs), value: 0 }),
    });
    this.sdCard = flags.sdCardPresent
      ? new SdCard(
          options.sdCard ?? {},
          { seed: this.seed, devices: specs, variant: this.variant, batteryVoltage: this.batteryVoltage },
          this.clock.now() + this.utcOffsetMs,
          flags.newDatalogFile ?? false,
        )
      : undefined;
  }

  /** The device at `address` (a unicast address), if present. */
  device(address: number): SimDevice | undefined {
    return this.byAddress.get(address);
  }

  /** Whether `id` is a parameter of any family in the catalogue (present in this installation or not). */
  isKnownParameter(id: number): boolean {
    return this.parameterIds.has(id);
  }

  /** The devices of a family, in index order. */
  devicesOf(family: Family): SimDevice[] {
    return this.devices.filter((d) => d.family === family);
  }

  /** Advances the model to the clock's time; returns that time (ms since 1970). */
  now(): number {
    const ms = this.clock.now();
    this.plant.advanceTo(ms);
    return ms;
  }

  /**
   * Now on the Xcom-232i's real-time clock, in seconds since 1970 of local wall-clock time:
   * what {5002} reads and what message and multi-info timestamps carry.
   */
  localSeconds(): number {
    return this.toLocalSeconds(this.now());
  }

  /** Sets the real-time clock (a write of {5002}): local wall-clock seconds since 1970. Time runs on from there. */
  setLocalSeconds(seconds: number): void {
    this.rtcOffsetSeconds += seconds - this.toLocalSeconds(this.now());
  }

  private toLocalSeconds(ms: number): number {
    return Math.floor((ms + this.utcOffsetMs) / 1000) + this.rtcOffsetSeconds;
  }

  /** The SD card written up to now on the real-time clock (local wall-clock ms), if there is one. */
  private card(now: number): SdCard | undefined {
    this.sdCard?.advanceTo(this.toLocalSeconds(now) * 1000);
    return this.sdCard;
  }

  /** The frame flags byte every response carries now. */
  frameFlags(): number {
    const now = this.now();
    if (this.gatewayBackAtMs !== undefined && now >= this.gatewayBackAtMs) {
      this.gatewayBackAtMs = undefined;
      this.restarted = true;
    }
    const newFile = this.card(now)?.newFile === true ? 0x10 : 0;
    return this.staticFlags | newFile | (this.restarted ? 0x02 : 0) | (this.messages.messagePending ? 0x01 : 0);
  }

  /**
   * Whether the Xcom-232i answers GATEWAY_BUSY now: while it saves the datalog (from 00:00:30
   * each day, or after {5059}, for the card's `saveBusyMs`; spec §4.7).
   */
  gatewayBusy(): boolean {
    const now = this.clock.now();
    return this.card(now)?.isBusy(this.toLocalSeconds(now) * 1000) ?? false;
  }

  /** Whether the Xcom-232i answers at all now (not while it restarts after {5121}). */
  gatewayAnswers(): boolean {
    return this.gatewayBackAtMs === undefined || this.clock.now() >= this.gatewayBackAtMs;
  }

  /**
   * Takes the device at `address` off the bus, as if switched off or its cable pulled: requests
   * to it get DEVICE_NOT_FOUND, and phase, multicast and multi-info reads leave it out, until
   * {@link plug}.
   */
  unplug(address: number): void {
    const device = this.byAddress.get(address);
    if (device === undefined) throw new XcomValidationError(`no simulated device at address ${address}`, 'address');
    device.absentUntilMs = Number.POSITIVE_INFINITY;
  }

  /** Puts a device taken off by {@link unplug} back on the bus (or ends its restart now). */
  plug(address: number): void {
    const device = this.byAddress.get(address);
    if (device !== undefined) device.absentUntilMs = 0;
  }

  /** Whether `device` answers now (not while it restarts after a reset signal). */
  answers(device: SimDevice): boolean {
    return device.absentUntilMs <= this.clock.now();
  }

  /** The current value of user info `id` of the device at `address` (a pinned value wins). */
  infoValue(address: number, id: number): number | undefined {
    const device = this.byAddress.get(address);
    const dp = device?.infos.get(id);
    if (device === undefined || dp === undefined) return undefined;
    const pinned = device.pinned.get(id);
    if (pinned !== undefined) return pinned;
    const identity = device.identityInfos.get(id);
    if (identity !== undefined) return identity;
    this.now();
    return infoValue({ plant: this.plant, device: device.spec, datapoint: dp, seed: this.seed });
  }

  /** The state of parameter `id` of the device at `address`. */
  parameter(address: number, id: number): ParameterState | undefined {
    return this.byAddress.get(address)?.parameters.get(id);
  }

  /**
   * The current value of any datapoint of any device: a user info's live value, or a
   * parameter's value in force (`'ram'`, the default) or in flash (`'flash'`).
   */
  currentValue(address: number, id: number, where: WriteTarget = 'ram'): number | undefined {
    if (address === XCOM && id === RCC_DATE) return this.localSeconds();
    const param = this.parameter(address, id);
    if (param !== undefined) return where === 'flash' ? param.flash : param.ram;
    return this.infoValue(address, id);
  }

  /** How many times parameter `id` of the device at `address` was written to flash. */
  flashWrites(address: number, id: number): number {
    return this.parameter(address, id)?.flashWrites ?? 0;
  }

  /**
   * Sets a value from outside Scom, as if on the RCC, without counting a flash write: a
   * parameter's RAM value, flash value or both (default); a user info is pinned to `value`
   * until {@link unpinInfo}.
   */
  setValue(address: number, id: number, value: number, where: WriteTarget | 'both' = 'both'): void {
    const device = this.byAddress.get(address);
    if (device === undefined) throw new XcomValidationError(`no simulated device at address ${address}`, 'address');
    const param = device.parameters.get(id);
    if (param !== undefined) {
      if (where !== 'ram') param.flash = value;
      if (where !== 'flash') param.ram = value;
      return;
    }
    if (!device.infos.has(id)) throw new XcomValidationError(`device ${address} has no datapoint ${id}`, 'id');
    device.pinned.set(id, value);
  }

  /** Lets the model drive a user info pinned by {@link setValue} again. */
  unpinInfo(address: number, id: number): void {
    this.byAddress.get(address)?.pinned.delete(id);
  }

  /**
   * Stores a value written over Scom (already checked) and applies its side effects. A signal
   * is a command, not a setting: nothing is stored, and a write of 1 fires it (see
   * {@link SignalEffect}). {5002} sets the real-time clock. Anything else is stored in RAM,
   * and in flash for property 5 unless the family's flash switch ({1550}) is No.
   */
  writeParameter(address: number, id: number, value: number, target: WriteTarget): void {
    const device = this.byAddress.get(address);
    const state = device?.parameters.get(id);
    if (device === undefined || state === undefined) return;
    if (state.datapoint.signal === true) {
      if (value === SIGNAL_VALUE) this.signal(device, id);
      return;
    }
    if (address === XCOM && id === RCC_DATE) {
      this.setLocalSeconds(value);
      return;
    }
    const landed = device.parameters.write(id, value, target);
    this.emit('write', { address, id, value, target: landed });
  }

  private signal(device: SimDevice, id: number): void {
    const atMs = this.now();
    switch (signalEffect(device.family, id)) {
      case 'restart-family':
        this.restartUnits(this.devicesOf(device.family), atMs);
        break;
      case 'restart-system':
        this.restartUnits(this.devices, atMs);
        this.gatewayBackAtMs = atMs + this.restartMs;
        break;
      case 'restore-defaults':
        device.parameters.restoreDefaults();
        break;
      case 'erase-messages':
        this.messages.clear();
        break;
      case 'clear-restart-flag':
        this.restarted = false;
        break;
      case 'format-sd':
        this.card(atMs)?.format();
        break;
      case 'erase-oldest-logs':
        this.card(atMs)?.eraseOldest(30);
        break;
      case 'save-datalog':
        this.card(atMs)?.saveNow(this.toLocalSeconds(atMs) * 1000);
        break;
      default:
        break;
    }
    this.emit('signal', { address: device.address, id, atMs });
  }

  private restartUnits(devices: readonly SimDevice[], atMs: number): void {
    for (const device of devices) {
      device.parameters.restart();
      device.absentUntilMs = atMs + this.restartMs;
    }
  }

  /** Logs a message in the Xcom-232i's log, which sets the "message pending" flag. */
  raiseEvent(event: EventInput): LoggedMessage {
    return this.log({
      type: event.type,
      srcAddr: event.srcAddr ?? this.devicesOf('xtender')[0]?.address ?? 501,
      timestamp: event.timestamp ?? this.localSeconds(),
      value: event.value ?? 0,
    });
  }

  private log(message: LoggedMessage): LoggedMessage {
    this.messages.add(message);
    this.emit('message', message);
    return message;
  }

  /** Restarts the Xcom-232i and its devices: RAM values fall back to flash, the flag is set. */
  restart(): void {
    for (const device of this.devices) device.parameters.restart();
    this.restarted = true;
  }
}
