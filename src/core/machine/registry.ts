/**
 * The devices plugged into a machine, by name, so code that did not create a device (the
 * worker, the CLI, the UI's device panels, tests) can find it: `machine.devices.get('pit')`.
 * The chipset registers 'pic', 'pit', 'lapic', 'ioapic', 'rtc' and 'acpi-pm'.
 */
export class DeviceRegistry {
  private readonly byName = new Map<string, unknown>();

  add(name: string, device: unknown): void {
    if (this.byName.has(name)) throw new Error(`a device named '${name}' is already attached`);
    this.byName.set(name, device);
  }

  get<T>(name: string): T | undefined {
    return this.byName.get(name) as T | undefined;
  }

  /** The device, or an error naming what is missing. */
  require<T>(name: string): T {
    if (!this.byName.has(name)) throw new Error(`no device named '${name}' is attached`);
    return this.byName.get(name) as T;
  }

  names(): string[] {
    return [...this.byName.keys()];
  }
}
