/** A device on the I/O port space. Values are unsigned and `size` is 1, 2 or 4 bytes. */
export interface PortDevice {
  in(port: number, size: number): number;
  out(port: number, size: number, value: number): void;
}

/**
 * The 64 Ki I/O ports. Unclaimed ports read as all ones and ignore writes, like an ISA bus
 * with nothing answering; kernels probing for absent hardware rely on that.
 */
export class PortBus {
  private readonly devices: (PortDevice | undefined)[] = new Array(0x10000);

  register(first: number, count: number, device: PortDevice): void {
    for (let p = first; p < first + count; p++) this.devices[p & 0xffff] = device;
  }

  in(port: number, size: number): number {
    const d = this.devices[port & 0xffff];
    if (d) return d.in(port & 0xffff, size) >>> 0;
    return size === 4 ? 0xffffffff : (1 << (size * 8)) - 1;
  }

  out(port: number, size: number, value: number): void {
    this.devices[port & 0xffff]?.out(port & 0xffff, size, value);
  }
}
