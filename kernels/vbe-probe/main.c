/*
 * vbe-probe (test only): prints the VBE information its boot loader gives, field by field,
 * so the same image can be compared under GRUB 2 in QEMU and under pagescope. It asks for a
 * 1024x768x32 framebuffer through both Multiboot headers and reads Multiboot 1's flag 11
 * fields (vbe_control_info, vbe_mode_info, vbe_mode, the protected-mode interface) or
 * Multiboot 2's VBE tag (type 7): the controller information (signature, version, strings,
 * the mode list its pointer leads to, total memory) and the mode information block.
 * Expected end: exit 0 (QEMU status 1).
 */
#include <stdint.h>
#include "exit.h"
#include "multiboot.h"
#include "print.h"
#include "serial.h"

#define MB1_INFO_VBE (1u << 11)
#define MB1_INFO_FRAMEBUFFER (1u << 12)
#define MB2_TAG_VBE 7
#define MB2_TAG_FRAMEBUFFER 8

static uint16_t u16(const uint8_t *p, unsigned at) { return (uint16_t)(p[at] | p[at + 1] << 8); }
static uint32_t u32(const uint8_t *p, unsigned at) { return u16(p, at) | (uint32_t)u16(p, at + 2) << 16; }

/* A real-mode far pointer (segment in the high half) as a physical address. */
static const uint8_t *far(uint32_t p) { return (const uint8_t *)(((p >> 16) << 4) + (p & 0xffff)); }

static void far_string(const char *name, uint32_t p)
{
	kprintf("%s %04x:%04x", name, p >> 16, p & 0xffff);
	if (p) {
		const uint8_t *s = far(p);
		kprintf(" \"");
		for (int i = 0; i < 64 && s[i]; i++)
			kprintf("%c", s[i] >= 0x20 && s[i] < 0x7f ? s[i] : '?');
		kprintf("\"");
	}
	kprintf("\n");
}

static void dump(const char *name, const uint8_t *p, unsigned n)
{
	for (unsigned at = 0; at < n; at += 16) {
		kprintf("%s +%03x:", name, at);
		for (unsigned i = at; i < at + 16 && i < n; i++)
			kprintf(" %02x", p[i]);
		kprintf("\n");
	}
}

/* Mode numbers up to the 0xffff that ends the list (at most 111: the block's reserved area). */
static void mode_list(const char *name, const uint8_t *m)
{
	kprintf("%s:", name);
	for (unsigned i = 0; i < 111; i++) {
		uint16_t mode = u16(m, 2 * i);
		kprintf(" %04x", mode);
		if (mode == 0xffff)
			break;
	}
	kprintf("\n");
}

static void control_info(const uint8_t *c)
{
	kprintf("control: signature %c%c%c%c, version 0x%04x, capabilities 0x%08x\n", c[0], c[1],
		c[2], c[3], u16(c, 4), u32(c, 10));
	far_string("control: oem string", u32(c, 6));
	kprintf("control: total memory %u x 64 KiB, oem revision 0x%04x\n", u16(c, 18), u16(c, 20));
	far_string("control: vendor", u32(c, 22));
	far_string("control: product", u32(c, 26));
	far_string("control: product revision", u32(c, 30));
	kprintf("control: mode list at %04x:%04x\n", u32(c, 14) >> 16, u32(c, 14) & 0xffff);
	mode_list("mode list at the pointer", far(u32(c, 14)));
	mode_list("mode list in the block", c + 34);
	dump("control", c, 512);
}

static void mode_info(const uint8_t *m)
{
	kprintf("mode: attributes 0x%04x, window A 0x%02x B 0x%02x, granularity %u KiB, size %u KiB\n",
		u16(m, 0), m[2], m[3], u16(m, 4), u16(m, 6));
	kprintf("mode: segments A 0x%04x B 0x%04x, window function %04x:%04x, %u bytes per line\n",
		u16(m, 8), u16(m, 10), u32(m, 12) >> 16, u32(m, 12) & 0xffff, u16(m, 16));
	kprintf("mode: %ux%u, char %ux%u, %u planes, %u bpp, %u banks, memory model %u, bank %u KiB\n",
		u16(m, 18), u16(m, 20), m[22], m[23], m[24], m[25], m[26], m[27], m[28]);
	kprintf("mode: %u image pages, reserved 0x%02x\n", m[29], m[30]);
	kprintf("mode: red %u@%u, green %u@%u, blue %u@%u, reserved %u@%u, direct colour 0x%02x\n",
		m[31], m[32], m[33], m[34], m[35], m[36], m[37], m[38], m[39]);
	kprintf("mode: linear framebuffer 0x%08x, offscreen 0x%08x + %u KiB\n", u32(m, 40),
		u32(m, 44), u16(m, 48));
	kprintf("mode: linear %u bytes per line, %u bank / %u linear image pages\n", u16(m, 50),
		m[52], m[53]);
	kprintf("mode: linear red %u@%u, green %u@%u, blue %u@%u, reserved %u@%u, max clock %u Hz\n",
		m[54], m[55], m[56], m[57], m[58], m[59], m[60], m[61], u32(m, 62));
	dump("mode", m, 256);
}

static void interface(uint16_t mode, uint16_t seg, uint16_t off, uint16_t len)
{
	kprintf("vbe: mode 0x%04x\n", mode);
	kprintf("vbe: protected-mode interface %04x:%04x, %u bytes\n", seg, off, len);
}

static void multiboot1(const uint8_t *info)
{
	uint32_t flags = u32(info, 0);
	kprintf("multiboot1: vbe (flag 11) %s, framebuffer (flag 12) %s\n",
		flags & MB1_INFO_VBE ? "yes" : "no", flags & MB1_INFO_FRAMEBUFFER ? "yes" : "no");
	if (!(flags & MB1_INFO_VBE))
		qemu_exit(EXIT_NO_RESPONSE);
	kprintf("multiboot1: info at 0x%x, control info at 0x%x, mode info at 0x%x\n",
		(uint32_t)info, u32(info, 72), u32(info, 76));
	interface(u16(info, 80), u16(info, 82), u16(info, 84), u16(info, 86));
	control_info((const uint8_t *)u32(info, 72));
	mode_info((const uint8_t *)u32(info, 76));
}

static void multiboot2(const uint8_t *info)
{
	const uint8_t *vbe = 0;
	kprintf("multiboot2: tags");
	for (unsigned at = 8; at < u32(info, 0);) {
		uint32_t type = u32(info, at), size = u32(info, at + 4);
		kprintf(" %u", type);
		if (type == MB2_TAG_VBE)
			vbe = info + at;
		if (type == MB2_TAG_END)
			break;
		at += (size + 7) & ~7u;
	}
	kprintf("\n");
	if (!vbe)
		qemu_exit(EXIT_NO_RESPONSE);
	kprintf("multiboot2: vbe tag of %u bytes\n", u32(vbe, 4));
	interface(u16(vbe, 8), u16(vbe, 10), u16(vbe, 12), u16(vbe, 14));
	control_info(vbe + 16);
	mode_info(vbe + 16 + 512);
}

void kmain32(uint32_t magic, uint32_t info)
{
	serial_init();
	kprintf("vbe-probe: the VBE information of a 1024x768x32 framebuffer\n");
	if (magic == MB1_BOOT_MAGIC)
		multiboot1((const uint8_t *)info);
	else if (magic == MB2_BOOT_MAGIC)
		multiboot2((const uint8_t *)info);
	else {
		kprintf("vbe-probe: bad magic 0x%x\n", magic);
		qemu_exit(EXIT_BAD_BOOT);
	}
	kprintf("vbe-probe: done, exit 0\n");
	qemu_exit(EXIT_OK);
}
