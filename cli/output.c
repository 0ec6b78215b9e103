/*
 * Structured output: commands build one jansson tree and print it as JSON
 * or, through libyaml's emitter, as YAML, so the two formats always carry
 * the same data.
 *
 * jansson refuses a string that is not valid UTF-8, and a refused string
 * used to lose the whole output behind an "out of memory".  Every string
 * that comes from outside (file names, DMI, environment, metadata) goes in
 * through output_str() or output_pack(), which replace invalid bytes with
 * U+FFFD and say so on stderr, naming the field.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>
#include <yaml.h>

#include "cli/cli.h"
#include "cli/output.h"
#include "manifest/quote.h"

/* Why the last output_pack() failed, when it was not memory. */
static char	pack_why[128];

json_t *
output_str(const char *field, const char *s)
{
	json_t	*j;
	char	*clean, shown[QUOTE_SIZE(64)];
	size_t	 len, replaced;

	if (s == NULL)
		return (json_null());
	len = strlen(s);
	if (utf8_valid(s, len))
		return (json_stringn(s, len));
	if ((clean = utf8_dup(s, &replaced)) == NULL)
		return (NULL);
	j = json_string(clean);
	free(clean);
	quote(shown, sizeof(shown), s, len);
	cli_warn("%s %s is not valid UTF-8: %zu byte%s shown as U+FFFD",
	    field, shown, replaced, replaced == 1 ? "" : "s");
	return (j);
}

/*
 * json_pack() for the flat objects commands print, with every string
 * through output_str() under its key's name.  Formats: "{s:X, ...}" with X
 * one of s, s? (NULL: null), o, o? (stolen), O, O? (new reference), i, b
 * (int), I (json_int_t), f (double), n.
 */
json_t *
output_pack(const char *fmt, ...)
{
	va_list		 ap;
	json_t		*root, *v;
	const char	*key, *str, *p = fmt;
	char		 type;
	bool		 opt, failed = false;

	pack_why[0] = '\0';
	va_start(ap, fmt);
	if ((root = json_object()) == NULL)
		failed = true;
	while (*p == ' ' || *p == '{')
		p++;
	while (*p != '\0' && *p != '}') {
		if (*p != 's') {
			snprintf(pack_why, sizeof(pack_why), "output_pack: "
			    "bad key in \"%s\"", fmt);
			failed = true;
			break;
		}
		key = va_arg(ap, const char *);
		for (p++; *p == ':' || *p == ' '; p++)
			;
		type = *p++;
		opt = *p == '?';
		if (opt)
			p++;
		v = NULL;
		switch (type) {
		case 's':
			str = va_arg(ap, const char *);
			if (str == NULL && !opt) {
				snprintf(pack_why, sizeof(pack_why), "%s is "
				    "missing", key);
				failed = true;
			} else
				v = output_str(key, str);
			break;
		case 'o':
			v = va_arg(ap, json_t *);
			if (v == NULL && opt)
				v = json_null();
			break;
		case 'O':
			v = json_incref(va_arg(ap, json_t *));
			if (v == NULL && opt)
				v = json_null();
			break;
		case 'i':
			v = json_integer(va_arg(ap, int));
			break;
		case 'b':
			v = json_boolean(va_arg(ap, int));
			break;
		case 'I':
			v = json_integer(va_arg(ap, json_int_t));
			break;
		case 'f':
			v = json_real(va_arg(ap, double));
			break;
		case 'n':
			v = json_null();
			break;
		default:
			snprintf(pack_why, sizeof(pack_why), "output_pack: "
			    "bad format \"%s\"", fmt);
			failed = true;
			goto done;
		}
		/* Keep going on failure: every stolen reference is released. */
		if (failed || v == NULL ||
		    json_object_set_new(root, key, v) == -1)
			failed = true;
		if (failed)
			json_decref(v);
		while (*p == ',' || *p == ' ')
			p++;
	}
done:
	va_end(ap);
	if (failed) {
		json_decref(root);
		return (NULL);
	}
	return (root);
}

const char *
output_why(void)
{
	return (pack_why[0] != '\0' ? pack_why : "out of memory");
}

/*
 * A string that YAML 1.1 or 1.2 would read back as another type must be
 * quoted: empty, a bool or null word (y, n, yes, no, on, off, true, false,
 * null, ~), anything that starts like a number (digits, sexagesimal such as
 * a MAC address 12:34:56:00:00:01, 0x1f, 0o17, 012, 1e3, 2002-12-14, +1,
 * -.5, .inf, .nan) and the merge and value keys << and =.  Quoting more
 * than needed is harmless: a quoted scalar is always a string.
 */
static bool
needs_quotes(const char *s)
{
	static const char *const words[] = { "true", "false", "yes", "no",
	    "on", "off", "null", "~", "y", "n", "=", "<<", NULL };
	const char *const	*w;

	if (*s == '\0')
		return (true);
	for (w = words; *w != NULL; w++)
		if (strcasecmp(s, *w) == 0)
			return (true);
	if (*s >= '0' && *s <= '9')
		return (true);
	if ((*s == '+' || *s == '-') && ((s[1] >= '0' && s[1] <= '9') ||
	    s[1] == '.'))
		return (true);
	if (*s == '.' && ((s[1] >= '0' && s[1] <= '9') ||
	    strchr("iInN", s[1]) != NULL) && s[1] != '\0')
		return (true);
	return (false);
}

static int
emit_scalar(yaml_emitter_t *em, const char *s, bool is_string)
{
	yaml_event_t	ev;
	bool		quote = is_string && needs_quotes(s);

	if (!yaml_scalar_event_initialize(&ev, NULL, NULL,
	    (yaml_char_t *)(uintptr_t)s, (int)strlen(s), !quote, is_string,
	    quote ? YAML_DOUBLE_QUOTED_SCALAR_STYLE : YAML_ANY_SCALAR_STYLE))
		return (-1);
	return (yaml_emitter_emit(em, &ev) ? 0 : -1);
}

static int
emit_node(yaml_emitter_t *em, json_t *j)
{
	yaml_event_t	 ev;
	const char	*key;
	json_t		*v;
	size_t		 i;
	char		 num[64];

	switch (json_typeof(j)) {
	case JSON_OBJECT:
		if (!yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1,
		    YAML_BLOCK_MAPPING_STYLE) || !yaml_emitter_emit(em, &ev))
			return (-1);
		json_object_foreach(j, key, v) {
			if (emit_scalar(em, key, true) == -1 ||
			    emit_node(em, v) == -1)
				return (-1);
		}
		if (!yaml_mapping_end_event_initialize(&ev) ||
		    !yaml_emitter_emit(em, &ev))
			return (-1);
		return (0);
	case JSON_ARRAY:
		if (!yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1,
		    YAML_BLOCK_SEQUENCE_STYLE) || !yaml_emitter_emit(em, &ev))
			return (-1);
		json_array_foreach(j, i, v) {
			if (emit_node(em, v) == -1)
				return (-1);
		}
		if (!yaml_sequence_end_event_initialize(&ev) ||
		    !yaml_emitter_emit(em, &ev))
			return (-1);
		return (0);
	case JSON_STRING:
		return (emit_scalar(em, json_string_value(j), true));
	case JSON_INTEGER:
		snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT,
		    json_integer_value(j));
		return (emit_scalar(em, num, false));
	case JSON_REAL:
		snprintf(num, sizeof(num), "%.17g", json_real_value(j));
		return (emit_scalar(em, num, false));
	case JSON_TRUE:
		return (emit_scalar(em, "true", false));
	case JSON_FALSE:
		return (emit_scalar(em, "false", false));
	case JSON_NULL:
	default:
		return (emit_scalar(em, "null", false));
	}
}

static int
print_yaml(json_t *root)
{
	yaml_emitter_t	em;
	yaml_event_t	ev;
	int		ret = -1;

	if (!yaml_emitter_initialize(&em))
		return (-1);
	yaml_emitter_set_output_file(&em, stdout);
	yaml_emitter_set_unicode(&em, 1);
	yaml_emitter_set_width(&em, 100);
	if (!yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING) ||
	    !yaml_emitter_emit(&em, &ev))
		goto out;
	if (!yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1) ||
	    !yaml_emitter_emit(&em, &ev))
		goto out;
	if (emit_node(&em, root) == -1)
		goto out;
	if (!yaml_document_end_event_initialize(&ev, 1) ||
	    !yaml_emitter_emit(&em, &ev))
		goto out;
	if (!yaml_stream_end_event_initialize(&ev) ||
	    !yaml_emitter_emit(&em, &ev))
		goto out;
	ret = 0;
out:
	if (ret == -1)
		cli_error("cannot write YAML: %s",
		    em.problem ? em.problem : "emitter error");
	yaml_emitter_delete(&em);
	return (ret);
}

int
output_print(json_t *root, enum format fmt)
{
	if (root == NULL) {
		/* Only memory fails a tree built with output_str(). */
		cli_error("cannot build the output: %s", output_why());
		return (-1);
	}
	if (fmt == FORMAT_YAML)
		return (print_yaml(root));
	errno = 0;
	if (json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER) ==
	    -1) {
		cli_error("cannot write JSON: %s", errno != 0 ? strerror(errno) :
		    "the tree holds something JSON cannot show");
		return (-1);
	}
	putchar('\n');
	return (0);
}

json_t *
output_trace(const struct trace *t)
{
	json_t			*arr, *o;
	const struct trace_step	*s;
	size_t			 i;

	if ((arr = json_array()) == NULL)
		return (NULL);
	for (i = 0; i < t->nsteps; i++) {
		s = &t->steps[i];
		o = output_pack("{s:s?, s:s, s:s, s:s?, s:o}",
		    "interface", s->ifname[0] ? s->ifname : NULL,
		    "kind", trace_kind_name(s->kind),
		    "text", s->text,
		    "source", s->source,
		    "confirmed", s->confirmed < 0 ? json_null() :
		    json_boolean(s->confirmed));
		if (o == NULL || json_array_append_new(arr, o) == -1) {
			json_decref(arr);
			return (NULL);
		}
	}
	return (arr);
}

void
output_trace_text(const struct trace *t)
{
	const struct trace_step	*s;
	const char		*last = NULL;
	char			 text[QUOTE_SIZE(TRACE_TEXT_MAX)];
	size_t			 i;

	for (i = 0; i < t->nsteps; i++) {
		s = &t->steps[i];
		if (last == NULL || strcmp(last, s->ifname) != 0) {
			printf("%s:\n", s->ifname[0] ? s->ifname : "machine");
			last = s->ifname;
		}
		/* Steps name types from configs and metadata: no raw controls. */
		escape_controls(text, sizeof(text), s->text, strlen(s->text));
		printf("  %-7s %s\n", trace_kind_name(s->kind), text);
		if (s->source != NULL && s->source[0] != '\0')
			printf("          source: %s%s\n", s->source,
			    s->confirmed == 0 ? " (unconfirmed)" : "");
	}
}
