/* bl_charset.c - converting declared character sets to UTF-8 (iconv). */
#include "bl_charset.h"

#include <errno.h>
#include <iconv.h>
#include <stdbool.h>
#include <string.h>

#include "bl_utf8.h"

/* Longest charset label looked at; longer ones are treated as unknown. */
#define NAME_MAX_LEN 40
/* Bytes iconv writes before they are appended to the output. */
#define CHUNK 4096

/* How a label is decoded: by bl_utf8_repair(), as Windows-1252 without
 * iconv, or by iconv under the name given. */
typedef enum how {
	HOW_REPAIR,
	HOW_CP1252,
	HOW_ICONV
} how_t;

/* Labels whose meaning differs from, or is unknown to, glibc's iconv. As
 * browsers do (WHATWG Encoding), Latin-1 and ASCII labels mean
 * Windows-1252 and a few legacy names mean their usual supersets; labels
 * saying nothing about the bytes fall back to repair. ASCII labels keep
 * valid UTF-8, which mail mislabelled by default often is. */
static const struct {
	const char *label;
	how_t how;
	const char *iconv_name;
} aliases[] = {
	{ "utf-8", HOW_REPAIR, NULL },
	{ "utf8", HOW_REPAIR, NULL },
	{ "unicode-1-1-utf-8", HOW_REPAIR, NULL },
	{ "x-unicode20utf8", HOW_REPAIR, NULL },
	{ "us-ascii", HOW_REPAIR, NULL },
	{ "us_ascii", HOW_REPAIR, NULL },
	{ "ascii", HOW_REPAIR, NULL },
	{ "ansi_x3.4-1968", HOW_REPAIR, NULL },
	{ "iso646-us", HOW_REPAIR, NULL },
	{ "csascii", HOW_REPAIR, NULL },
	{ "us", HOW_REPAIR, NULL },
	{ "unknown", HOW_REPAIR, NULL },
	{ "x-unknown", HOW_REPAIR, NULL },
	{ "unknown-8bit", HOW_REPAIR, NULL },
	{ "x-user-defined", HOW_REPAIR, NULL },
	{ "default", HOW_REPAIR, NULL },
	{ "undefined", HOW_REPAIR, NULL },
	{ "none", HOW_REPAIR, NULL },
	{ "7bit", HOW_REPAIR, NULL },
	{ "8bit", HOW_REPAIR, NULL },
	{ "iso-8859-1", HOW_CP1252, NULL },
	{ "iso8859-1", HOW_CP1252, NULL },
	{ "iso_8859-1", HOW_CP1252, NULL },
	{ "iso_8859-1:1987", HOW_CP1252, NULL },
	{ "iso-ir-100", HOW_CP1252, NULL },
	{ "csisolatin1", HOW_CP1252, NULL },
	{ "latin1", HOW_CP1252, NULL },
	{ "latin-1", HOW_CP1252, NULL },
	{ "l1", HOW_CP1252, NULL },
	{ "cp819", HOW_CP1252, NULL },
	{ "ibm819", HOW_CP1252, NULL },
	{ "windows-1252", HOW_CP1252, NULL },
	{ "cp1252", HOW_CP1252, NULL },
	{ "x-cp1252", HOW_CP1252, NULL },
	{ "ansi", HOW_CP1252, NULL },
	{ "iso-8859-9", HOW_ICONV, "CP1254" },
	{ "iso8859-9", HOW_ICONV, "CP1254" },
	{ "latin5", HOW_ICONV, "CP1254" },
	{ "tis-620", HOW_ICONV, "CP874" },
	{ "iso-8859-11", HOW_ICONV, "CP874" },
	{ "dos-874", HOW_ICONV, "CP874" },
	{ "iso-8859-8-i", HOW_ICONV, "ISO-8859-8" },
	{ "x-mac-roman", HOW_ICONV, "MACINTOSH" },
	{ "mac", HOW_ICONV, "MACINTOSH" },
	{ "x-mac", HOW_ICONV, "MACINTOSH" },
	{ "x-mac-cyrillic", HOW_ICONV, "MAC-CYRILLIC" },
	{ "x-mac-ukrainian", HOW_ICONV, "MAC-CYRILLIC" },
	{ "shift_jis", HOW_ICONV, "CP932" },
	{ "shift-jis", HOW_ICONV, "CP932" },
	{ "x-sjis", HOW_ICONV, "CP932" },
	{ "sjis", HOW_ICONV, "CP932" },
	{ "ms_kanji", HOW_ICONV, "CP932" },
	{ "windows-31j", HOW_ICONV, "CP932" },
	{ "csshiftjis", HOW_ICONV, "CP932" },
	{ "euc-kr", HOW_ICONV, "CP949" },
	{ "ks_c_5601-1987", HOW_ICONV, "CP949" },
	{ "ks_c_5601-1989", HOW_ICONV, "CP949" },
	{ "ksc5601", HOW_ICONV, "CP949" },
	{ "ksc_5601", HOW_ICONV, "CP949" },
	{ "windows-949", HOW_ICONV, "CP949" },
	{ "gb2312", HOW_ICONV, "GB18030" },
	{ "gb_2312", HOW_ICONV, "GB18030" },
	{ "gb_2312-80", HOW_ICONV, "GB18030" },
	{ "csgb2312", HOW_ICONV, "GB18030" },
	{ "chinese", HOW_ICONV, "GB18030" },
	{ "gbk", HOW_ICONV, "GB18030" },
	{ "x-gbk", HOW_ICONV, "GB18030" },
	{ "cp936", HOW_ICONV, "GB18030" },
	{ "windows-936", HOW_ICONV, "GB18030" },
	{ "big5", HOW_ICONV, "BIG5-HKSCS" },
	{ "cn-big5", HOW_ICONV, "BIG5-HKSCS" },
	{ "x-x-big5", HOW_ICONV, "BIG5-HKSCS" },
	{ "csbig5", HOW_ICONV, "BIG5-HKSCS" },
	{ "unicode-1-1-utf-7", HOW_ICONV, "UTF-7" },
};

static char
lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Characters a charset label may hold. Anything else (notably '/', which
 * glibc reads as a conversion suffix) makes the label unknown. */
static bool
label_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '_' || c == '.' || c == ':' || c == '+';
}

/* Writes the label, trimmed of space and quotes and lower-cased, into
 * name[NAME_MAX_LEN + 1]. Returns false if it is empty or not a label. */
static bool
normalise(const char *charset, char *name)
{
	size_t len, i;

	if (charset == NULL)
		return false;
	while (*charset == ' ' || *charset == '\t' || *charset == '"' ||
	       *charset == '\'')
		charset++;
	len = strlen(charset);
	while (len && (charset[len - 1] == ' ' || charset[len - 1] == '\t' ||
	               charset[len - 1] == '"' || charset[len - 1] == '\''))
		len--;
	if (len == 0 || len > NAME_MAX_LEN)
		return false;
	for (i = 0; i < len; i++) {
		name[i] = lower(charset[i]);
		if (!label_char(name[i]))
			return false;
	}
	name[len] = '\0';
	return true;
}

/* Windows-1252: ASCII runs are copied, every other byte is one character,
 * which is what bl_utf8_repair() makes of a lone high byte (NUL and the
 * five undefined bytes become U+FFFD). */
static bl_status_t
from_cp1252(const char *s, size_t len, bl_buf_t *out)
{
	size_t i = 0, run;

	while (i < len && out->err == BL_OK) {
		for (run = i; i < len && (unsigned char)s[i] < 0x80; i++)
			;
		if (i > run)
			bl_utf8_repair(s + run, i - run, out, NULL);
		if (i < len)
			bl_utf8_repair(s + i++, 1, out, NULL);
	}
	return out->err;
}

/* Appends what iconv wrote into chunk; iconv only writes whole
 * characters, and repair turns any NUL it produced into U+FFFD. */
static bl_status_t
flush(char *chunk, char **op, bl_buf_t *out)
{
	bl_status_t st = bl_utf8_repair(chunk, (size_t)(*op - chunk), out, NULL);

	*op = chunk;
	return st;
}

static bl_status_t
convert(iconv_t cd, const char *s, size_t len, bl_buf_t *out)
{
	char chunk[CHUNK];
	char *in = (char *)s, *op = chunk;
	size_t inleft = len, outleft = sizeof chunk, r;

	while (inleft && out->err == BL_OK) {
		r = iconv(cd, &in, &inleft, &op, &outleft);
		if (r != (size_t)-1)
			break;
		if (errno == E2BIG) {
			flush(chunk, &op, out);
			outleft = sizeof chunk;
			continue;
		}
		flush(chunk, &op, out);
		outleft = sizeof chunk;
		if (errno == EILSEQ) {
			/* One byte that does not convert: read it as repair
			 * would and resynchronise just after it. */
			bl_utf8_repair(in, 1, out, NULL);
			in++;
			inleft--;
			continue;
		}
		/* EINVAL (a sequence cut short by the end) or anything else:
		 * the rest goes through repair rather than being dropped. */
		bl_utf8_repair(in, inleft, out, NULL);
		inleft = 0;
	}
	/* Shift back to the initial state (stateful encodings). */
	if (out->err == BL_OK &&
	    iconv(cd, NULL, NULL, &op, &outleft) == (size_t)-1 &&
	    errno == E2BIG) {
		flush(chunk, &op, out);
		outleft = sizeof chunk;
		iconv(cd, NULL, NULL, &op, &outleft);
	}
	if (out->err == BL_OK)
		flush(chunk, &op, out);
	return out->err;
}

bl_status_t
bl_charset_to_utf8(const char *charset, const char *s, size_t len,
                   bl_buf_t *out)
{
	char name[NAME_MAX_LEN + 1];
	const char *iconv_name = name;
	iconv_t cd;
	size_t i;
	bl_status_t st;

	if (out->err != BL_OK)
		return out->err;
	if (len == 0)
		return BL_OK;
	if (!normalise(charset, name))
		return bl_utf8_repair(s, len, out, NULL);
	for (i = 0; i < sizeof aliases / sizeof aliases[0]; i++) {
		if (strcmp(aliases[i].label, name) != 0)
			continue;
		if (aliases[i].how == HOW_REPAIR)
			return bl_utf8_repair(s, len, out, NULL);
		if (aliases[i].how == HOW_CP1252)
			return from_cp1252(s, len, out);
		iconv_name = aliases[i].iconv_name;
		break;
	}
	cd = iconv_open("UTF-8", iconv_name);
	if (cd == (iconv_t)-1 && strncmp(name, "x-", 2) == 0)
		cd = iconv_open("UTF-8", name + 2);
	if (cd == (iconv_t)-1)
		return bl_utf8_repair(s, len, out, NULL);
	st = convert(cd, s, len, out);
	iconv_close(cd);
	return st;
}
