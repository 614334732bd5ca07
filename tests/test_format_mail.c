/* test_format_mail.c - Check suite for format_mail: fields, encodings, MIME, mbox resync, detection, samples. */
#include <check.h>
#include <ftw.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bl_buf.h"
#include "bl_file.h"
#include "format.h"
#include "format_capture.h"
#include "testutil.h"

/* Reads len bytes of the file "/archive/given.path" into g, with id as
 * the default article id. */
static bl_status_t
read_mail(const char *text, size_t len, const char *id, fc_got_t *g)
{
	format_input_t in = { .text = text, .len = len,
	                      .path = "/archive/given.path", .id = id };

	return fc_run(format_mail_read, &in, g);
}

/* One message per input; every field of the article is checked. A NULL
 * field must be absent; date is ISO (NULL: undated). warn, when set, is
 * the one warning expected (record 1). */
static const struct one {
	const char *in;
	const char *id, *title, *author, *source, *cats, *date, *body, *warn;
} one_cases[] = {
	/* 0: a Usenet article. */
	{ "Path: news.example.no!not-for-mail\n"
	  "From: kjell@example.no (Kjell Berg)\n"
	  "Newsgroups: rec.outdoors.fishing, no.friluft\n"
	  "Subject: Re: Ice thickness on the upper lake\n"
	  "Date: 3 Feb 93 14:05:00 GMT\n"
	  "Message-ID: <1993Feb3.140500.1@example.no>\n"
	  "Organization: Upper Lake Anglers\n"
	  "Keywords: ice, lake\n"
	  "Lines: 2\n"
	  "\n"
	  "Twenty centimetres near the inlet.\n"
	  "Stay off the southern bay.\n",
	  "1993Feb3.140500.1@example.no", "Re: Ice thickness on the upper lake",
	  "Kjell Berg", "rec.outdoors.fishing",
	  "rec.outdoors.fishing|no.friluft", "1993-02-03T14:05:00Z",
	  "Twenty centimetres near the inlet.\nStay off the southern bay.", NULL },
	/* 1: CRLF, folded fields, names in any case. */
	{ "SUBJECT: A subject that was\r\n\tfolded twice\r\n  over\r\n"
	  "from: Ana Lima <ana@example.br>\r\n"
	  "MESSAGE-id:   <fold@example.br>  \r\n"
	  "date: Tue, 06 Aug 2024\r\n 16:43:00 +0000\r\n"
	  "NewsGroups: sci.geo.lakes\r\n"
	  "\r\n"
	  "Line one\r\nLine two\r\n",
	  "fold@example.br", "A subject that was folded twice over", "Ana Lima",
	  "sci.geo.lakes", "sci.geo.lakes", "2024-08-06T16:43:00Z",
	  "Line one\nLine two", NULL },
	/* 2: no Message-ID, Subject or Date; a bare angle address. */
	{ "From: <ana@example.br>\n\nx\n",
	  "given/id", NULL, "ana@example.br", NULL, NULL, NULL, "x", NULL },
	/* 3-8: author forms. */
	{ "From: ana@example.br\nSubject: s\n\nb\n",
	  "given/id", "s", "ana@example.br", NULL, NULL, NULL, "b", NULL },
	{ "From: \"Lima, Ana \\\"AL\\\"\" <ana@example.br>\nSubject: s\n\nb\n",
	  "given/id", "s", "Lima, Ana \"AL\"", NULL, NULL, NULL, "b", NULL },
	{ "From: =?utf-8?q?Jo=C3=A3o_Sim=C3=B5es?= <joao@example.pt>\n"
	  "Subject: s\n\nb\n",
	  "given/id", "s", "Jo\xc3\xa3o Sim\xc3\xb5" "es", NULL, NULL, NULL, "b",
	  NULL },
	{ "From: \"=?iso-8859-1?q?Ren=E9e?= Dubois\" <r@example.fr>\n"
	  "Subject: s\n\nb\n",
	  "given/id", "s", "Ren\xc3\xa9" "e Dubois", NULL, NULL, NULL, "b", NULL },
	{ "From: a@example.org, b@example.org\nSubject: s\n\nb\n",
	  "given/id", "s", "a@example.org", NULL, NULL, NULL, "b", NULL },
	{ "From: Doe, Jane <jane@example.org>, Bo <bo@example.org>\n"
	  "Subject: s\n\nb\n",
	  "given/id", "s", "Doe, Jane", NULL, NULL, NULL, "b", NULL },
	/* 9: nested comment as the name; an empty one falls back. */
	{ "From: jo@example.org (Jo (the tall one) Park)\nSubject: s\n\nb\n",
	  "given/id", "s", "Jo (the tall one) Park", NULL, NULL, NULL, "b", NULL },
	{ "From:  ()\nSubject: s\n\nb\n",
	  "given/id", "s", NULL, NULL, NULL, NULL, "b", NULL },
	/* 11-22: RFC 2047 in Subject. */
	{ "Subject: =?ISO-8859-1?Q?Gr=FC=DFe_aus_Malm=F6?=\n\nb\n",
	  "given/id", "Gr\xc3\xbc\xc3\x9f" "e aus Malm\xc3\xb6", NULL, NULL, NULL,
	  NULL, "b", NULL },
	{ "Subject: =?UTF-8?B?w5hyZXN1bmQ=?= bridge\n\nb\n",
	  "given/id", "\xc3\x98resund bridge", NULL, NULL, NULL, NULL, "b", NULL },
	{ "Subject: =?utf-8?q?one?=   =?utf-8?q?two?=\n\nb\n",
	  "given/id", "onetwo", NULL, NULL, NULL, NULL, "b", NULL },
	{ "Subject: =?utf-8?q?one?==?utf-8?q?_two?=\n\nb\n",
	  "given/id", "one two", NULL, NULL, NULL, NULL, "b", NULL },
	{ "Subject: =?utf-8?q?fold?=\n =?utf-8?q?ed?= words\n\nb\n",
	  "given/id", "folded words", NULL, NULL, NULL, NULL, "b", NULL },
	{ "Subject: =?utf-8?q?a?= and =?utf-8?q?b?=\n\nb\n",
	  "given/id", "a and b", NULL, NULL, NULL, NULL, "b", NULL },
	/* A character split between two words of one charset. */
	{ "Subject: =?utf-8?b?ww==?= =?utf-8?b?vA==?=\n\nb\n",
	  "given/id", "\xc3\xbc", NULL, NULL, NULL, NULL, "b", NULL },
	{ "Subject: =?koi8-r?B?8NLJ18XU?=\n\nb\n",
	  "given/id", "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82", NULL,
	  NULL, NULL, NULL, "b", NULL },
	{ "Subject: =?iso-8859-1?q?=E9?= =?koi8-r?q?=F0?=\n\nb\n",
	  "given/id", "\xc3\xa9\xd0\x9f", NULL, NULL, NULL, NULL, "b", NULL },
	{ "Subject: =?utf-8?x?abc?= and =?utf-8?q?no end\n\nb\n",
	  "given/id", "=?utf-8?x?abc?= and =?utf-8?q?no end", NULL, NULL, NULL,
	  NULL, "b", NULL },
	{ "Subject: =?utf-8*en?q?hello?= =?x-bogus?q?cr=E8me?=\n\nb\n",
	  "given/id", "hellocr\xc3\xa8me", NULL, NULL, NULL, NULL, "b", NULL },
	{ "Subject: =?iso-2022-jp?B?GyRCRnxLXBsoQg==?=\n\nb\n",
	  "given/id", "\xe6\x97\xa5\xe6\x9c\xac", NULL, NULL, NULL, NULL, "b",
	  NULL },
	/* 23: raw 8-bit header bytes are repaired (Windows-1252). */
	{ "Subject: cr\xe8me br\xfbl\xe9" "e\n\nb\n",
	  "given/id", "cr\xc3\xa8me br\xc3\xbbl\xc3\xa9" "e", NULL, NULL, NULL,
	  NULL, "b", NULL },
	/* 24-28: transfer encodings and charsets of the body. */
	{ "Content-Transfer-Encoding: quoted-printable\n"
	  "Content-Type: text/plain; charset=iso-8859-1\n"
	  "\n"
	  "Soft=\nbreak, h=E9llo, eq =3D, bad =ZZ, lower =e9, end=  \n"
	  "next line\n=\n",
	  "given/id", NULL, NULL, NULL, NULL, NULL,
	  "Softbreak, h\xc3\xa9llo, eq =, bad =ZZ, lower \xc3\xa9, endnext line",
	  NULL },
	{ "Content-Transfer-Encoding: BASE64\n"
	  "Content-Type: text/plain; charset=\"utf-8\"\n"
	  "\n"
	  "R3LDvMOf\nZQp6d2Vp*dGUgWmVpbGUK\nSGk\n",
	  "given/id", NULL, NULL, NULL, NULL, NULL,
	  "Gr\xc3\xbc\xc3\x9f" "e\nzweite Zeile\nHi", NULL },
	{ "Content-Type: text/plain; charset=koi8-r\n\n\xf0\xd2\xc9\xd7\xc5\xd4\n",
	  "given/id", NULL, NULL, NULL, NULL, NULL,
	  "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82", NULL },
	{ "Content-Type: text/plain; charset=utf-8\n\nna\xefve \xc3\xa9t\xc3\xa9\n",
	  "given/id", NULL, NULL, NULL, NULL, NULL,
	  "na\xc3\xafve \xc3\xa9t\xc3\xa9", NULL },
	{ "Subject: a report\nContent-Type: application/pdf\n"
	  "Content-Transfer-Encoding: base64\n\nJVBERi0xLjQK\n",
	  "given/id", "a report", NULL, NULL, NULL, NULL, NULL, NULL },
	/* 29-32: dates. */
	{ "Subject: s\nDate: sometime last week\n\nb\n",
	  "given/id", "s", NULL, NULL, NULL, NULL, "b",
	  "Date not understood; article kept without a date" },
	{ "Subject: s\nDate: Sat Apr 17 07:13:05 1993\n\nb\n",
	  "given/id", "s", NULL, NULL, NULL, "1993-04-17T07:13:05Z", "b", NULL },
	{ "Subject: s\nDate: Sun, 2 May 1993 19:11:39 IDT\n\nb\n",
	  "given/id", "s", NULL, NULL, NULL, "1993-05-02T19:11:39Z", "b", NULL },
	{ "Subject: s\nDate: Tue, 06 Aug 2024\n 16:43:00 +0200 (CEST)\n\nb\n",
	  "given/id", "s", NULL, NULL, NULL, "2024-08-06T14:43:00Z", "b", NULL },
	/* 33-38: header shapes. A line of white space followed by more
	 * header is a fold; followed by text it ends the header. */
	{ "Subject: s\nKeywords: k\n  \n   more keywords\n"
	  "Message-ID: <ws@example.org>\n\nbody\n",
	  "ws@example.org", "s", NULL, NULL, NULL, NULL, "body", NULL },
	{ "Subject: s\n \t\nbody text\n",
	  "given/id", "s", NULL, NULL, NULL, NULL, "body text", NULL },
	{ " stray!path!continued\nFrom: a@example.org\nSubject: s\n\nbody\n",
	  "given/id", "s", "a@example.org", NULL, NULL, NULL, "body", NULL },
	{ "From: a@example.org\nSubject: only a subject\n",
	  "given/id", "only a subject", "a@example.org", NULL, NULL, NULL, NULL,
	  NULL },
	{ "\xef\xbb\xbf\n\r\n" "From: a@example.org\nSubject: s\n\nb\n",
	  "given/id", "s", "a@example.org", NULL, NULL, NULL, "b", NULL },
	{ "\xef\xbb\xbf" "Subject : s\nMessage-ID: bare-id@example.org\n\nb\n",
	  "bare-id@example.org", "s", NULL, NULL, NULL, NULL, "b", NULL },
	/* 39-41: broken single messages. */
	{ "just some text\nwith lines\n",
	  NULL, NULL, NULL, NULL, NULL, NULL, NULL, "no header" },
	{ "From: a@example.org\nSubject: s\nthen text with no blank line\n",
	  NULL, NULL, NULL, NULL, NULL, NULL, NULL,
	  "no blank line after the header" },
	{ "From: a@example.org\n\n  \n",
	  NULL, NULL, NULL, NULL, NULL, NULL, NULL,
	  "message has neither subject nor text" },
	/* 42-50: MIME structure (no HTML reaches the body here). */
	{ "Subject: alt\nMIME-Version: 1.0\n"
	  "Content-Type: multipart/alternative; boundary=\"b1\"\n\n"
	  "preamble\n--b1\nContent-Type: text/plain\n\nplain words\n"
	  "--b1\nContent-Type: text/html\n\n<p>html words</p>\n--b1--\nepilogue\n",
	  "given/id", "alt", NULL, NULL, NULL, NULL, "plain words", NULL },
	{ "Subject: alt\nContent-Type: multipart/alternative; boundary=b1\n\n"
	  "--b1\nContent-Type: text/html\n\n<p>html words</p>\n"
	  "--b1\nContent-Type: text/plain; charset=iso-8859-1\n"
	  "Content-Transfer-Encoding: quoted-printable\n\nplain w=F6rds\n--b1--\n",
	  "given/id", "alt", NULL, NULL, NULL, NULL, "plain w\xc3\xb6rds", NULL },
	{ "Subject: mixed\nContent-Type: multipart/mixed; boundary=\"outer\"\n\n"
	  "--outer\nContent-Type: multipart/alternative; boundary=\"inner\"\n\n"
	  "--inner\nContent-Type: text/plain\n\nfirst part\n"
	  "--inner\nContent-Type: text/html\n\n<b>not this</b>\n--inner--\n\n"
	  "--outer\nContent-Type: text/plain\nContent-Disposition: attachment; "
	  "filename=notes.txt\n\nattached words\n"
	  "--outer\nContent-Type: image/png\nContent-Transfer-Encoding: base64\n\n"
	  "iVBORw0KGgo=\n"
	  "--outer\nContent-Type: text/plain; charset=utf-8\n"
	  "Content-Disposition: inline\n\nsecond part\n"
	  "--outer\n\nno header at all\n"
	  "--outer--\n",
	  "given/id", "mixed", NULL, NULL, NULL, NULL,
	  "first part\n\nsecond part\n\nno header at all", NULL },
	{ "Subject: deep\nContent-Type: multipart/mixed; boundary=a\n\n"
	  "--a\nContent-Type: multipart/related; boundary=b\n\n"
	  "--b\nContent-Type: multipart/alternative; boundary=c\n\n"
	  "--c\nContent-Type: text/plain\n\ndeep text\n--c--\n"
	  "--b\nContent-Type: image/gif\n\nGIF89a\n--b--\n--a--\n",
	  "given/id", "deep", NULL, NULL, NULL, NULL, "deep text", NULL },
	{ "Subject: cut\nContent-Type: multipart/mixed; boundary=a\n\n"
	  "--a\nContent-Type: text/plain\n\nsome text\n--a\n\nmore text\n",
	  NULL, NULL, NULL, NULL, NULL, NULL, NULL,
	  "MIME multipart without its closing boundary" },
	{ "Subject: no boundary\nContent-Type: multipart/mixed\n\nall of it\n",
	  "given/id", "no boundary", NULL, NULL, NULL, NULL, "all of it", NULL },
	{ "Subject: fwd\nContent-Type: multipart/mixed; boundary=z\n\n"
	  "--z\n\nsee below\n"
	  "--z\nContent-Type: message/rfc822\n\n"
	  "From: x@example.org\nSubject: inner\n"
	  "Content-Type: text/plain; charset=iso-8859-1\n"
	  "Content-Transfer-Encoding: quoted-printable\n\nforwarded t=E9xt\n"
	  "--z--\n",
	  "given/id", "fwd", NULL, NULL, NULL, NULL,
	  "see below\n\nforwarded t\xc3\xa9xt", NULL },
	{ "Subject: digest\nContent-Type: multipart/digest; boundary=d\n\n"
	  "--d\n\nSubject: one\n\nfirst digest text\n"
	  "--d\n\nSubject: two\n\nsecond digest text\n--d--\n",
	  "given/id", "digest", NULL, NULL, NULL, NULL,
	  "first digest text\n\nsecond digest text", NULL },
	/* Lines that merely start like a delimiter are text; a close
	 * delimiter may carry trailing junk; CRLF throughout. */
	{ "Subject: lookalike\r\nContent-Type: multipart/mixed; boundary=abc\r\n\r\n"
	  "--abc\r\n\r\n--abcdef is not a delimiter\r\n--abc \r\n\r\ntwo\r\n"
	  "--abc-- trailing\r\n",
	  "given/id", "lookalike", NULL, NULL, NULL, NULL,
	  "--abcdef is not a delimiter\n\ntwo", NULL },
	/* Unlisted text types read as plain; calendars do not. */
	{ "Subject: types\nContent-Type: multipart/mixed; boundary=t\n\n"
	  "--t\nContent-Type: text/x-diff\n\n+added line\n"
	  "--t\nContent-Type: text/calendar\n\nBEGIN:VCALENDAR\n"
	  "--t\nContent-Type: TEXT\n\nbare text type\n--t--\n",
	  "given/id", "types", NULL, NULL, NULL, NULL,
	  "+added line\n\nbare text type", NULL },
};

START_TEST(test_one)
{
	const struct one *c = &one_cases[_i];
	fc_got_t g;
	bl_status_t st;
	char name[32];

	memset(&g, 0, sizeof g);
	snprintf(name, sizeof name, "case %d", _i);
	st = read_mail(c->in, strlen(c->in), "given/id", &g);
	ck_assert_int_eq(st, BL_OK);
	if (c->warn) {
		ck_assert_msg(g.nwarn == 1, "case %d: %zu warnings", _i, g.nwarn);
		ck_assert_uint_eq(g.warn[0].record, 1);
		ck_assert_str_eq(g.warn[0].what, c->warn);
	} else {
		ck_assert_msg(g.nwarn == 0, "case %d: warning \"%s\"", _i,
		              g.warn[0].what);
	}
	if (c->id == NULL) {
		ck_assert_msg(g.n == 0, "case %d: %zu articles", _i, g.n);
		fc_free(&g);
		return;
	}
	ck_assert_msg(g.n == 1, "case %d: %zu articles", _i, g.n);
	fc_check_str(name, "id", g.a[0].id, c->id);
	fc_check_str(name, "path", g.a[0].path, "/archive/given.path");
	fc_check_str(name, "title", g.a[0].title, c->title);
	fc_check_str(name, "author", g.a[0].author, c->author);
	fc_check_str(name, "source", g.a[0].source, c->source);
	fc_check_str(name, "categories", fc_or_null(g.a[0].categories), c->cats);
	fc_check_str(name, "body", g.a[0].body, c->body);
	fc_check_str(name, "date", fc_or_null(g.a[0].iso), c->date);
	fc_free(&g);
}
END_TEST

/* HTML goes through bl_html_to_text(): only what any converter must do
 * is checked (tags gone, text kept). */
START_TEST(test_html)
{
	static const char *const in[] = {
		"Subject: h\nContent-Type: text/html; charset=iso-8859-1\n\n"
		"<html><body><p>Gr\xfc\xdf" "e <b>aus</b> Bergen</p></body></html>\n",
		"Subject: h\nContent-Type: multipart/alternative; boundary=q\n\n"
		"--q\nContent-Type: image/png\n\nPNG\n"
		"--q\nContent-Type: text/html; charset=utf-8\n"
		"Content-Transfer-Encoding: quoted-printable\n\n"
		"<p>Gr=C3=BC=C3=9Fe <b>aus</b> Bergen</p>\n--q--\n",
	};
	fc_got_t g;
	size_t i;

	for (i = 0; i < sizeof in / sizeof in[0]; i++) {
		memset(&g, 0, sizeof g);
		ck_assert_int_eq(read_mail(in[i], strlen(in[i]), "h", &g), BL_OK);
		ck_assert_uint_eq(g.n, 1);
		ck_assert_uint_eq(g.nwarn, 0);
		ck_assert_ptr_nonnull(g.a[0].body);
		ck_assert_msg(strstr(g.a[0].body, "Gr\xc3\xbc\xc3\x9f" "e aus Bergen"),
		              "html %zu: body \"%s\"", i, g.a[0].body);
		ck_assert_ptr_null(strchr(g.a[0].body, '<'));
		fc_free(&g);
	}
}
END_TEST

/* Five messages, the third broken: the others are read, ids fall back
 * to id#n, and the warning names record 3. */
START_TEST(test_mbox_resync)
{
	static const char box[] =
		"From alice@example.org Mon Aug 12 08:30:00 2024\n"
		"From: alice@example.org\nSubject: first\n\none\n\n"
		"From bob@example.org Mon Aug 12 09:30:00 2024\n"
		"From: bob@example.org\nSubject: second\n"
		"Message-ID: <second@example.org>\n\ntwo\n\n"
		"From carol@example.org Mon Aug 12 10:30:00 2024\n"
		"From: carol@example.org\nSubject: third\n"
		"this should have been the body\n\n"
		"From dan@example.org Mon Aug 12 11:30:00 2024\n"
		"From: dan@example.org\nSubject: fourth\n\nfour\n\n"
		"From erin@example.org Mon Aug 12 12:30:00 2024\n"
		"From: erin@example.org\nSubject: fifth\n\nfive\n";
	fc_got_t g;

	memset(&g, 0, sizeof g);
	ck_assert_int_eq(read_mail(box, sizeof box - 1, "lists/box", &g), BL_OK);
	ck_assert_uint_eq(g.n, 4);
	ck_assert_uint_eq(g.nwarn, 1);
	ck_assert_uint_eq(g.warn[0].record, 3);
	ck_assert_str_eq(g.warn[0].what, "no blank line after the header");
	ck_assert_str_eq(g.a[0].id, "lists/box#1");
	ck_assert_str_eq(g.a[0].title, "first");
	ck_assert_str_eq(g.a[0].body, "one");
	ck_assert_str_eq(g.a[1].id, "second@example.org");
	ck_assert_str_eq(g.a[2].id, "lists/box#4");
	ck_assert_str_eq(g.a[2].title, "fourth");
	ck_assert_str_eq(g.a[2].body, "four");
	ck_assert_str_eq(g.a[3].id, "lists/box#5");
	ck_assert_str_eq(g.a[3].body, "five");
	fc_free(&g);
}
END_TEST

/* Binary garbage and a multipart cut short are contained in their own
 * messages. */
START_TEST(test_mbox_broken_neighbours)
{
	static const char box[] =
		"From a@example.org Tue Aug 13 08:00:00 2024\n"
		"Subject: before\n\nfine\n\n"
		"From b@example.org Tue Aug 13 08:01:00 2024\n"
		"Subject: garbage\n\n\x01\x02\0\x03\x04\0\x05\x06\0\x07\x08\0\n\n"
		"From c@example.org Tue Aug 13 08:02:00 2024\n"
		"Subject: cut\nContent-Type: multipart/mixed; boundary=zz\n\n"
		"--zz\n\npart text\n--zz\n\nnever closed\n\n"
		"From d@example.org Tue Aug 13 08:03:00 2024\n"
		"Subject: after\nContent-Type: multipart/mixed; boundary=zz\n\n"
		"--zz\n\nclosed properly\n--zz--\n";
	fc_got_t g;

	memset(&g, 0, sizeof g);
	ck_assert_int_eq(read_mail(box, sizeof box - 1, "b", &g), BL_OK);
	ck_assert_uint_eq(g.n, 2);
	ck_assert_uint_eq(g.nwarn, 2);
	ck_assert_uint_eq(g.warn[0].record, 2);
	ck_assert_str_eq(g.warn[0].what, "binary data, not a message");
	ck_assert_uint_eq(g.warn[1].record, 3);
	ck_assert_str_eq(g.warn[1].what,
	                 "MIME multipart without its closing boundary");
	ck_assert_str_eq(g.a[0].title, "before");
	ck_assert_str_eq(g.a[0].body, "fine");
	ck_assert_str_eq(g.a[1].title, "after");
	ck_assert_str_eq(g.a[1].body, "closed properly");
	ck_assert_str_eq(g.a[1].id, "b#4");
	fc_free(&g);
}
END_TEST

/* mboxrd quoting is undone in bodies; "From " lines that are not
 * separators stay in the body. */
START_TEST(test_mbox_from_quoting)
{
	static const char box[] =
		"From x@example.org Wed Aug 14 08:00:00 2024\r\n"
		"Subject: quoting\r\n\r\n"
		">From the quay we rowed out.\r\n"
		">>From a quoted reply.\r\n"
		"> From is kept as it is.\r\n"
		"\r\n"
		"From here on, the sentence is text.\r\n"
		"Tide tables follow.\r\n"
		"From memory, not a separator either\r\n"
		"Subject: not a header here\r\n"
		"\r\n"
		"From y@example.org Wed Aug 14 09:00:00 2024\r\n"
		">From y@example.org quoted remnant in the header\r\n"
		"Subject: next\r\n\r\nlast\r\n";
	fc_got_t g;

	memset(&g, 0, sizeof g);
	ck_assert_int_eq(read_mail(box, sizeof box - 1, "q", &g), BL_OK);
	ck_assert_uint_eq(g.n, 2);
	ck_assert_uint_eq(g.nwarn, 0);
	ck_assert_str_eq(g.a[0].body,
		"From the quay we rowed out.\n"
		">From a quoted reply.\n"
		"> From is kept as it is.\n"
		"\n"
		"From here on, the sentence is text.\n"
		"Tide tables follow.\n"
		"From memory, not a separator either\n"
		"Subject: not a header here");
	ck_assert_str_eq(g.a[1].title, "next");
	ck_assert_str_eq(g.a[1].body, "last");
	fc_free(&g);
}
END_TEST

/* The emit callback's error stops the reader and is returned. */
START_TEST(test_emit_error)
{
	static const char box[] =
		"From a@example.org Tue Aug 13 08:00:00 2024\nSubject: 1\n\n1\n\n"
		"From a@example.org Tue Aug 13 08:00:00 2024\nSubject: 2\n\n2\n\n"
		"From a@example.org Tue Aug 13 08:00:00 2024\nSubject: 3\n\n3\n";
	fc_got_t g;

	memset(&g, 0, sizeof g);
	g.fail_at = 2;
	g.fail_with = BL_ERR_IO;
	ck_assert_int_eq(read_mail(box, sizeof box - 1, "e", &g), BL_ERR_IO);
	ck_assert_uint_eq(g.calls, 2);
	fc_free(&g);
}
END_TEST

/* A single-message mbox still numbers its id; a From line alone is a
 * message with no header. */
START_TEST(test_mbox_edges)
{
	static const char one[] =
		"From a@example.org Tue Aug 13 08:00:00 2024\nSubject: solo\n\nx\n";
	static const char empty[] = "From a@example.org Tue Aug 13 08:00:00 2024\n";
	fc_got_t g;

	memset(&g, 0, sizeof g);
	ck_assert_int_eq(read_mail(one, sizeof one - 1, "m", &g), BL_OK);
	ck_assert_uint_eq(g.n, 1);
	ck_assert_str_eq(g.a[0].id, "m#1");
	fc_free(&g);
	ck_assert_int_eq(read_mail(empty, sizeof empty - 1, "m", &g), BL_OK);
	ck_assert_uint_eq(g.n, 0);
	ck_assert_uint_eq(g.nwarn, 1);
	ck_assert_str_eq(g.warn[0].what, "no header");
	fc_free(&g);
	ck_assert_int_eq(read_mail("", 0, "m", &g), BL_OK);
	ck_assert_uint_eq(g.n, 0);
	fc_free(&g);
}
END_TEST

/* Past the caps: a message over FORMAT_MAX_RECORD and one with a line
 * over FORMAT_MAX_LINE are skipped, their neighbours kept. */
START_TEST(test_limits)
{
	static const char head[] =
		"From a@example.org Tue Aug 13 08:00:00 2024\nSubject: small\n\nok\n\n"
		"From b@example.org Tue Aug 13 08:00:00 2024\nSubject: big\n\n";
	static const char tail[] =
		"\n\nFrom c@example.org Tue Aug 13 08:00:00 2024\nSubject: end\n\nok\n";
	size_t sizes[2] = { FORMAT_MAX_RECORD + 1, FORMAT_MAX_LINE + 1 };
	const char *what[2] = { "message larger than the record limit",
	                        "line longer than the line limit" };
	size_t k, i, n;
	char *box;
	fc_got_t g;

	for (k = 0; k < 2; k++) {
		n = sizeof head - 1 + sizes[k] + sizeof tail - 1;
		box = malloc(n);
		ck_assert_ptr_nonnull(box);
		memcpy(box, head, sizeof head - 1);
		for (i = 0; i < sizes[k]; i++)
			box[sizeof head - 1 + i] = k == 0 && i % 64 == 63 ? '\n' : 'w';
		memcpy(box + sizeof head - 1 + sizes[k], tail, sizeof tail - 1);
		memset(&g, 0, sizeof g);
		ck_assert_int_eq(read_mail(box, n, "big", &g), BL_OK);
		ck_assert_uint_eq(g.n, 2);
		ck_assert_uint_eq(g.nwarn, 1);
		ck_assert_uint_eq(g.warn[0].record, 2);
		ck_assert_str_eq(g.warn[0].what, what[k]);
		ck_assert_str_eq(g.a[1].title, "end");
		fc_free(&g);
		free(box);
	}
}
END_TEST

/* Nesting beyond the reader's depth is passed over, not followed. */
START_TEST(test_deep_nesting)
{
	bl_buf_t b;
	fc_got_t g;
	int i;

	bl_buf_init(&b, 0);
	bl_buf_puts(&b, "Subject: nest\nContent-Type: multipart/mixed; boundary=b0\n\n");
	for (i = 0; i < 40; i++)
		bl_buf_printf(&b, "--b%d\nContent-Type: multipart/mixed; boundary=b%d\n\n",
		              i, i + 1);
	bl_buf_printf(&b, "--b%d\n\ntoo deep\n--b%d--\n", 40, 40);
	for (i = 39; i >= 0; i--)
		bl_buf_printf(&b, "--b%d--\n", i);
	memset(&g, 0, sizeof g);
	ck_assert_int_eq(read_mail(b.data, b.len, "n", &g), BL_OK);
	ck_assert_uint_eq(g.n, 1);
	ck_assert_str_eq(g.a[0].title, "nest");
	ck_assert_ptr_null(g.a[0].body);
	fc_free(&g);
	bl_buf_free(&b);
}
END_TEST

static const struct detect_case {
	const char *text;
	const char *path;
	int want;
} detect_cases[] = {
	{ "From a@example.org Tue Aug 13 08:00:00 2024\nFrom: a@example.org\n"
	  "Subject: s\n\nbody\n", "box", 90 },
	{ "From a@example.org Tue Aug 13 08:00:00 2024\nReturn-Path: <a@b>\n"
	  "Subject: s\n\nbody\n", "lists/x.mbox", 95 },
	{ "From a@example.org Tue Aug 13 08:00:00 2024\nFrom: a@example.org\n\nb\n",
	  "lists/x.MBOX.gz", 95 },
	{ "From: a@example.org\nSubject: s\n\nbody\n", "saved.eml", 85 },
	{ "From: a@example.org\nSubject: s\n\nbody\n", "x.mbx", 85 },
	{ "From: a@example.org\nSubject: s\nLines: 1\nOrganization: o\n\nbody\n",
	  "20news/sci.space/61216", 80 },
	{ " stray!path\n\tmore\nSubject: s\nFrom: a@example.org\n\nbody\n",
	  NULL, 80 },
	{ "Newsgroups: a.b\r\nPath: x!y\r\n\r\nbody\r\n", "n", 80 },
	{ "\xef\xbb\xbf" "Message-ID: <x@y>\nDate: 6 Aug 2024\n\nbody\n", "n", 80 },
	/* Not mail. */
	{ "From: a@example.org\nTo: b@example.org\n\nbody\n", "x.eml", 0 },
	{ "From: a@example.org\nSubject: s\nno blank line, so no header\n", "x", 0 },
	{ "From: a@example.org\nSubject: s\n", "x", 0 },
	{ "From the archives: a headline\n- Maria Lund\n- 6 Aug 2024\n\nBody.\n",
	  "story.txt", 0 },
	{ "From Bonn to Baku\nNote: a line with a colon\n\nBody.\n", "x", 0 },
	{ "Headline here\n\nSubject: s\nFrom: a@example.org\n\n", "x", 0 },
	{ "", "x.eml", 0 },
	{ "<html><head><title>t</title></head></html>\n", "x.mbox", 0 },
};

START_TEST(test_detect)
{
	fc_check_detect(format_mail_detect, detect_cases[_i].text,
	                detect_cases[_i].path, detect_cases[_i].want);
}
END_TEST

/* Mail beats the plain reader (10-60) whenever it claims the text. */
START_TEST(test_choose)
{
	static const char usenet[] =
		"From: a@example.org\nSubject: s\nLines: 1\n\nbody\n";
	static const char plain[] = "A headline\n- Maria Lund\n\nBody.\n";
	const format_reader_t *r;

	r = format_choose(usenet, sizeof usenet - 1, "sci.space/61216", NULL);
	ck_assert_ptr_nonnull(r);
	ck_assert_str_eq(r->name, "mail");
	r = format_choose(plain, sizeof plain - 1, "story.txt", NULL);
	ck_assert_ptr_nonnull(r);
	ck_assert_str_ne(r->name, "mail");
	r = format_choose(NULL, 0, NULL, "mail");
	ck_assert_ptr_nonnull(r);
	ck_assert_ptr_eq(r->read, format_mail_read);
}
END_TEST

static void
read_file(const char *path, const char *id, fc_got_t *g)
{
	bl_buf_t b;

	ck_assert_int_eq(fc_run_file(format_mail_read, path, id, g, &b), BL_OK);
	ck_assert_int_gt(format_mail_detect(b.data, b.len, path), 60);
	bl_buf_free(&b);
}

static char *
sample(const char *name)
{
	char *p;

	ck_assert(asprintf(&p, "%s/mail/%s", tu_samples_dir(), name) > 0);
	return p;
}

START_TEST(test_sample_usenet)
{
	char *p = sample("usenet-ferry-timetable.news");
	fc_got_t g;

	memset(&g, 0, sizeof g);
	read_file(p, "mail/usenet-ferry-timetable.news", &g);
	ck_assert_uint_eq(g.n, 1);
	ck_assert_uint_eq(g.nwarn, 0);
	ck_assert_str_eq(g.a[0].id, "hardanger-winter-2024@fjordpost.example");
	ck_assert_str_eq(g.a[0].title,
	                 "Winter ferry timetable for the Hardanger crossing");
	ck_assert_str_eq(g.a[0].author, "Ingrid Halvorsen");
	ck_assert_str_eq(g.a[0].source, "rec.travel.europe");
	ck_assert_str_eq(g.a[0].categories, "rec.travel.europe|misc.transport.ferries");
	ck_assert_str_eq(g.a[0].iso, "2024-11-14T08:12:44Z");
	ck_assert_ptr_nonnull(strstr(g.a[0].body, "bring a thermos."));
	ck_assert_ptr_null(strstr(g.a[0].body, "Organization"));
	fc_free(&g);
	free(p);
}
END_TEST

START_TEST(test_sample_mbox)
{
	char *p = sample("harbour-council-list.mbox");
	fc_got_t g;
	int i;

	memset(&g, 0, sizeof g);
	read_file(p, "mail/harbour-council-list.mbox", &g);
	ck_assert_uint_eq(g.n, 4);
	ck_assert_uint_eq(g.nwarn, 1);
	ck_assert_uint_eq(g.warn[0].record, 3);
	ck_assert_str_eq(g.warn[0].what, "no blank line after the header");
	/* ISO-8859-1, quoted-printable, RFC 2047 Subject, >From line. */
	ck_assert_str_eq(g.a[0].id, "kraftskiva-2024@example.se");
	ck_assert_str_eq(g.a[0].title, "Kr\xc3\xa4" "ftskiva on the pier in Malm\xc3\xb6");
	ck_assert_str_eq(g.a[0].author, "Anders Lindqvist");
	ck_assert_str_eq(g.a[0].iso, "2024-08-12T08:30:00Z");
	ck_assert_ptr_nonnull(strstr(g.a[0].body,
		"on the east pier in Malm\xc3\xb6 on Friday"));
	ck_assert_ptr_nonnull(strstr(g.a[0].body, "kn\xc3\xa4" "ckebr\xc3\xb6" "d"));
	ck_assert_ptr_nonnull(strstr(g.a[0].body, "\nFrom the secretary's notes"));
	/* UTF-8, base64, B-encoded Subject over two folded words. */
	ck_assert_str_eq(g.a[1].title, "\xc3\x98resund bridge toll discount for members");
	ck_assert_str_eq(g.a[1].author, "Birgitte N\xc3\xb8rgaard");
	ck_assert_ptr_nonnull(strstr(g.a[1].body, "booth \xe2\x80\x94 the discount"));
	/* multipart/alternative: the plain part only. */
	ck_assert_str_eq(g.a[2].author, "Oyelaran, Marta");
	ck_assert_ptr_nonnull(strstr(g.a[2].body, "slipway repairs"));
	ck_assert_ptr_null(strstr(g.a[2].body, "marzipan"));
	/* multipart/mixed with a nested alternative and an attachment. */
	ck_assert_str_eq(g.a[3].title, "August accounts for the boathouse");
	ck_assert_str_eq(g.a[3].author, "Tomasz Wr\xc3\xb3" "bel");
	ck_assert_ptr_nonnull(strstr(g.a[3].body, "Rope and paint were"));
	for (i = 0; i < 4; i++) {
		ck_assert_ptr_null(strstr(g.a[i].body, "quokkaledger"));
		ck_assert_ptr_null(strstr(g.a[i].body, "malformed"));
		ck_assert_ptr_null(strchr(g.a[i].body, '<'));
	}
	fc_free(&g);
	free(p);
}
END_TEST

START_TEST(test_sample_gzip)
{
	char *p = sample("rowing-club-digest.mbox.gz");
	fc_got_t g;

	memset(&g, 0, sizeof g);
	read_file(p, "mail/rowing-club-digest.mbox.gz", &g);
	ck_assert_uint_eq(g.n, 2);
	ck_assert_uint_eq(g.nwarn, 0);
	ck_assert_str_eq(g.a[0].id, "outing-2025-06-07@rowing.example");
	ck_assert_str_eq(g.a[0].author, "Priscilla Amadi");
	ck_assert_str_eq(g.a[1].id, "mail/rowing-club-digest.mbox.gz#2");
	ck_assert_str_eq(g.a[1].title, "Results from the spring head race");
	ck_assert_str_eq(g.a[1].iso, "2025-06-08T19:30:00Z");
	fc_free(&g);
	free(p);
}
END_TEST

/* 20 Newsgroups (mini): every article, one per file, with its groups,
 * date and Message-ID. */
typedef struct corpus {
	size_t files, articles, dated, with_id, with_groups, warnings;
} corpus_t;

static corpus_t *corpus_counts;

static bl_status_t
count_article(void *ctx, bl_article_t *a)
{
	corpus_t *c = ctx;

	c->articles++;
	c->dated += a->has_date;
	/* Not the fallback id, which is the path. */
	c->with_id += a->id && strchr(a->id, '@') &&
	              strncmp(a->id, a->path, strlen(a->path)) != 0;
	c->with_groups += a->source && a->categories.n;
	return BL_OK;
}

static void
count_warning(void *ctx, size_t record, const char *what)
{
	corpus_t *c = ctx;

	(void)record;
	(void)what;
	c->warnings++;
}

static int
corpus_file(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	bl_buf_t b;
	int err_no, gz;
	format_input_t in;
	const format_reader_t *r;
	size_t before = corpus_counts->articles;

	(void)sb;
	(void)ftw;
	if (flag != FTW_F)
		return 0;
	bl_buf_init(&b, 0);
	ck_assert_int_eq(bl_file_read(path, &b, &err_no, &gz), BL_OK);
	r = format_choose(b.data, b.len, path, NULL);
	ck_assert_msg(r && strcmp(r->name, "mail") == 0, "%s: read as %s", path,
	              r ? r->name : "nothing");
	memset(&in, 0, sizeof in);
	in.text = b.data;
	in.len = b.len;
	in.path = path;
	in.id = path;
	in.emit = count_article;
	in.warn = count_warning;
	in.ctx = corpus_counts;
	ck_assert_int_eq(format_mail_read(&in), BL_OK);
	ck_assert_msg(corpus_counts->articles == before + 1, "%s: %zu articles",
	              path, corpus_counts->articles - before);
	corpus_counts->files++;
	bl_buf_free(&b);
	return 0;
}

START_TEST(test_newsgroups_mini)
{
	char *tar = tu_corpus("20newsgroups-mini/mini_newsgroups.tar.gz",
	                      "test_newsgroups_mini"), *cmd, *dir;
	corpus_t c;

	if (tar == NULL)
		return;
	dir = tu_mkdtemp();
	ck_assert(asprintf(&cmd, "tar -xzf '%s' -C '%s'", tar, dir) > 0);
	ck_assert_int_eq(system(cmd), 0);
	memset(&c, 0, sizeof c);
	corpus_counts = &c;
	ck_assert_int_eq(nftw(dir, corpus_file, 16, FTW_PHYS), 0);
	ck_assert_uint_eq(c.files, 2000);
	ck_assert_uint_eq(c.articles, 2000);
	ck_assert_uint_eq(c.with_groups, 2000);
	ck_assert_uint_eq(c.dated, 2000);
	ck_assert_uint_eq(c.with_id, 2000);
	ck_assert_uint_eq(c.warnings, 0);
	tu_rmtree(dir);
	free(dir);
	free(cmd);
	free(tar);
}
END_TEST

#define COUNT(a) ((int)(sizeof (a) / sizeof (a)[0]))

static Suite *
mail_suite(void)
{
	Suite *s = suite_create("format_mail");
	TCase *core = tcase_create("core");
	TCase *mbox = tcase_create("mbox");
	TCase *detect = tcase_create("detect");
	TCase *samples = tcase_create("samples");
	TCase *corpus = tcase_create("corpus");

	tcase_add_loop_test(core, test_one, 0, COUNT(one_cases));
	tcase_add_test(core, test_html);
	tcase_add_test(core, test_deep_nesting);
	suite_add_tcase(s, core);
	tcase_add_test(mbox, test_mbox_resync);
	tcase_add_test(mbox, test_mbox_broken_neighbours);
	tcase_add_test(mbox, test_mbox_from_quoting);
	tcase_add_test(mbox, test_mbox_edges);
	tcase_add_test(mbox, test_emit_error);
	tcase_add_test(mbox, test_limits);
	tcase_set_timeout(mbox, 60);
	suite_add_tcase(s, mbox);
	tcase_add_loop_test(detect, test_detect, 0, COUNT(detect_cases));
	tcase_add_test(detect, test_choose);
	suite_add_tcase(s, detect);
	tcase_add_test(samples, test_sample_usenet);
	tcase_add_test(samples, test_sample_mbox);
	tcase_add_test(samples, test_sample_gzip);
	suite_add_tcase(s, samples);
	tcase_add_test(corpus, test_newsgroups_mini);
	tcase_set_timeout(corpus, 300);
	suite_add_tcase(s, corpus);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(mail_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
