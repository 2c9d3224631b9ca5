#ifndef LIB_DESCRIPTORS_H
#define LIB_DESCRIPTORS_H

/* Loads the kernel's own GDT and TSS (a 4 KiB IST1 stack for #DF) and an IDT whose every
 * exception reports and exits (fault.h); prints one line saying so. */
void install_descriptors(void);

#endif
