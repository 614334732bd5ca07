/* bl_escape.c - escaping text for JSON and HTML output. */
#include "bl_escape.h"

#include <string.h>

#include "bl_utf8.h"

/* Calls put(out, cp, raw, rawlen) for each code point of s, with invalid
 * bytes decoded as Windows-1252 by way of bl_utf8_repair(). */
typedef void (*put_fn)(bl_buf_t *out, uint32_t cp, const char *raw, size_t n);

static void
each_codepoint(bl_buf_t *out, const char *s, size_t len, put_fn put)
{
	size_t i = 0, n;
	uint32_t cp;
	bl_buf_t fix;

	while (i < len && out->err == BL_OK) {
		n = bl_utf8_decode(s + i, len - i, &cp);
		if (n == 0 || cp == 0) {
			char tmp[8];

			bl_buf_init(&fix, sizeof tmp);
			bl_utf8_repair(s + i, 1, &fix, NULL);
			if (fix.len && fix.err == BL_OK) {
				memcpy(tmp, fix.data, fix.len);
				bl_utf8_decode(tmp, fix.len, &cp);
				put(out, cp, tmp, fix.len);
			}
			bl_buf_free(&fix);
			i++;
			continue;
		}
		put(out, cp, s + i, n);
		i += n;
	}
}

static void
put_json(bl_buf_t *out, uint32_t cp, const char *raw, size_t n)
{
	switch (cp) {
	case '"': bl_buf_puts(out, "\\\""); return;
	case '\\': bl_buf_puts(out, "\\\\"); return;
	case '\n': bl_buf_puts(out, "\\n"); return;
	case '\r': bl_buf_puts(out, "\\r"); return;
	case '\t': bl_buf_puts(out, "\\t"); return;
	default: break;
	}
	if (cp < 0x20 || cp == 0x7F || cp == 0x2028 || cp == 0x2029)
		bl_buf_printf(out, "\\u%04x", (unsigned)cp);
	else
		bl_buf_append(out, raw, n);
}

static void
put_html(bl_buf_t *out, uint32_t cp, const char *raw, size_t n)
{
	switch (cp) {
	case '&': bl_buf_puts(out, "&amp;"); return;
	case '<': bl_buf_puts(out, "&lt;"); return;
	case '>': bl_buf_puts(out, "&gt;"); return;
	case '"': bl_buf_puts(out, "&quot;"); return;
	case '\'': bl_buf_puts(out, "&#39;"); return;
	default: bl_buf_append(out, raw, n); return;
	}
}

bl_status_t
bl_json_string(bl_buf_t *out, const char *s, size_t len)
{
	bl_buf_putc(out, '"');
	each_codepoint(out, s, len, put_json);
	return bl_buf_putc(out, '"');
}

bl_status_t
bl_json_cstr(bl_buf_t *out, const char *s)
{
	if (s == NULL)
		return bl_buf_puts(out, "null");
	return bl_json_string(out, s, strlen(s));
}

bl_status_t
bl_html_escape(bl_buf_t *out, const char *s, size_t len)
{
	each_codepoint(out, s, len, put_html);
	return out->err;
}
