/* bl_utf8.c - UTF-8 validation, decoding and repair (Windows-1252 fallback). */
#include "bl_utf8.h"

/* Windows-1252 0x80-0x9F; 0 marks the five undefined bytes. */
static const uint16_t cp1252_high[32] = {
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

size_t
bl_utf8_decode(const char *s, size_t len, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t c, min;
	size_t n, i;

	if (len == 0)
		return 0;
	c = u[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		n = 2; c &= 0x1F; min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		n = 3; c &= 0x0F; min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 4; c &= 0x07; min = 0x10000;
	} else {
		return 0;
	}
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((u[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (u[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return n;
}

bl_status_t
bl_utf8_put(bl_buf_t *out, uint32_t cp)
{
	char b[4];

	if (cp < 0x80) {
		b[0] = (char)cp;
		return bl_buf_append(out, b, 1);
	}
	if (cp < 0x800) {
		b[0] = (char)(0xC0 | (cp >> 6));
		b[1] = (char)(0x80 | (cp & 0x3F));
		return bl_buf_append(out, b, 2);
	}
	if (cp < 0x10000) {
		b[0] = (char)(0xE0 | (cp >> 12));
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[2] = (char)(0x80 | (cp & 0x3F));
		return bl_buf_append(out, b, 3);
	}
	b[0] = (char)(0xF0 | (cp >> 18));
	b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	b[3] = (char)(0x80 | (cp & 0x3F));
	return bl_buf_append(out, b, 4);
}

bool
bl_utf8_valid(const char *s, size_t len)
{
	size_t i = 0, n;
	uint32_t cp;

	while (i < len) {
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		n = bl_utf8_decode(s + i, len - i, &cp);
		if (n == 0)
			return false;
		i += n;
	}
	return true;
}

size_t
bl_utf8_count(const char *s, size_t len)
{
	size_t i = 0, n, count = 0;
	uint32_t cp;

	while (i < len) {
		n = bl_utf8_decode(s + i, len - i, &cp);
		i += n ? n : 1;
		count++;
	}
	return count;
}

bl_status_t
bl_utf8_repair(const char *s, size_t len, bl_buf_t *out, size_t *repaired)
{
	size_t i = 0, run = 0, n, bad = 0;
	unsigned char c;
	uint32_t cp;

	/* Copy valid runs in one append; decode bad bytes one at a time. */
	while (i < len) {
		c = (unsigned char)s[i];
		if (c != 0 && c < 0x80) {
			i++;
			continue;
		}
		n = c ? bl_utf8_decode(s + i, len - i, &cp) : 0;
		if (n) {
			i += n;
			continue;
		}
		bl_buf_append(out, s + run, i - run);
		if (c == 0)
			cp = 0xFFFD;
		else if (c >= 0x80 && c < 0xA0)
			cp = cp1252_high[c - 0x80] ? cp1252_high[c - 0x80] : 0xFFFD;
		else
			cp = c;
		bl_utf8_put(out, cp);
		bad++;
		run = ++i;
	}
	if (len > run)          /* s may be NULL when len is 0 */
		bl_buf_append(out, s + run, len - run);
	if (repaired)
		*repaired = bad;
	return out->err;
}
