/*
 * Structured output: commands build one jansson tree and print it as JSON
 * or, through libyaml's emitter, as YAML, so the two formats always carry
 * the same data.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>
#include <yaml.h>

#include "cli/cli.h"
#include "cli/output.h"

/*
 * A string that YAML would read back as another type (a number, a bool,
 * null) or that is empty must be quoted.
 */
static bool
needs_quotes(const char *s)
{
	static const char *const words[] = { "true", "false", "yes", "no",
	    "on", "off", "null", "~", "y", "n", NULL };
	const char *const	*w;
	const char		*p;

	if (*s == '\0')
		return (true);
	for (w = words; *w != NULL; w++)
		if (strcasecmp(s, *w) == 0)
			return (true);
	for (p = s; *p != '\0'; p++)
		if ((*p < '0' || *p > '9') && *p != '.' && *p != '-' &&
		    *p != '+' && *p != 'e' && *p != 'E')
			return (false);
	return (true);
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
		cli_error("out of memory");
		return (-1);
	}
	if (fmt == FORMAT_YAML)
		return (print_yaml(root));
	if (json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER) ==
	    -1) {
		cli_error("cannot write JSON");
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
		o = json_pack("{s:s?, s:s, s:s, s:s?, s:o}",
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
	size_t			 i;

	for (i = 0; i < t->nsteps; i++) {
		s = &t->steps[i];
		if (last == NULL || strcmp(last, s->ifname) != 0) {
			printf("%s:\n", s->ifname[0] ? s->ifname : "machine");
			last = s->ifname;
		}
		printf("  %-7s %s\n", trace_kind_name(s->kind), s->text);
		if (s->source != NULL && s->source[0] != '\0')
			printf("          source: %s%s\n", s->source,
			    s->confirmed == 0 ? " (unconfirmed)" : "");
	}
}
