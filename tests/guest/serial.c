/*
 * COM1, polled.  Output only: the serial log is how the guest reports,
 * and the runner reads it from a file, so nothing is ever typed in.
 */
#include "guest.h"
#include "x86.h"

#define COM1		0x3f8
#define COM_THR		0	/* transmit holding (DLAB 0) */
#define COM_DLL		0	/* divisor low (DLAB 1) */
#define COM_IER		1
#define COM_DLM		1
#define COM_FCR		2
#define COM_LCR		3
#define COM_MCR		4
#define COM_LSR		5
#define LSR_THRE	0x20
#define LCR_DLAB	0x80
#define LCR_8N1		0x03

void
serial_init(void)
{
	outb(COM1 + COM_IER, 0);	/* polled: no UART interrupts */
	outb(COM1 + COM_LCR, LCR_DLAB);
	outb(COM1 + COM_DLL, 1);	/* 115200 baud */
	outb(COM1 + COM_DLM, 0);
	outb(COM1 + COM_LCR, LCR_8N1);
	outb(COM1 + COM_FCR, 0x07);	/* FIFO on and cleared */
	outb(COM1 + COM_MCR, 0x03);	/* DTR, RTS */
}

static void
serial_putc(char c)
{
	unsigned	spins;

	/*
	 * Bounded: with no UART at all LSR reads 0xff and this passes at
	 * once; a wedged one must not hang the guest.
	 */
	for (spins = 0; spins < 100000; spins++)
		if (inb(COM1 + COM_LSR) & LSR_THRE)
			break;
	outb(COM1 + COM_THR, (uint8_t)c);
}

void
serial_write(const char *s, size_t n)
{
	for (; n > 0; n--, s++) {
		if (*s == '\n')
			serial_putc('\r');
		serial_putc(*s);
	}
}
