/**
 * 16550A register bits, named as in the 16550D datasheet (and Linux's serial_reg.h).
 */
export const IER_RDI = 0x01; // received data available
export const IER_THRI = 0x02; // transmitter holding register empty
export const IER_RLSI = 0x04; // receiver line status
export const IER_MSI = 0x08; // modem status
export const IIR_NO_INT = 0x01;
export const IIR_ID = 0x0e; // bits 1-3: the pending source (bit 3 only for the FIFO timeout)
export const IIR_MSI = 0x00;
export const IIR_THRI = 0x02;
export const IIR_RDI = 0x04;
export const IIR_RLSI = 0x06;
export const IIR_CTI = 0x0c; // character timeout, FIFO mode only
export const IIR_FIFO_ENABLED = 0xc0;
export const FCR_FE = 0x01;
export const FCR_RFR = 0x02; // receive FIFO reset
export const FCR_XFR = 0x04; // transmit FIFO reset
export const LCR_DLAB = 0x80;
export const MCR_OUT2 = 0x08; // on a PC, gates the IRQ line (QEMU ignores that)
export const MCR_LOOP = 0x10;
export const LSR_DR = 0x01;
export const LSR_ERRORS = 0x1e; // OE, PE, FE, BI: the line status interrupt sources
export const LSR_OE = 0x02;
export const LSR_BI = 0x10;
export const LSR_THRE = 0x20;
export const LSR_TEMT = 0x40;
export const MSR_DELTAS = 0x0f;
export const MSR_TERI = 0x04;
export const MSR_RI = 0x40;
/** DCD, DSR and CTS asserted: a terminal is attached (QEMU's reset value). */
export const MSR_CONNECTED = 0xb0;
export const FIFO_SIZE = 16;
export const TRIGGER_LEVELS = [1, 4, 8, 14];
/** The 1.8432 MHz crystal divided by 16: the rate a divisor of 1 gives. */
export const BAUD_BASE = 115200;
