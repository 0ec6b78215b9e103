/*
 * What ops itself refuses in a config.json, so that validate fails in CI
 * before the deploy does (../shared/reference/nanos-ops.md 4.2-4.3).
 *
 * ops loads the file with Go's encoding/json into types.Config, with
 * DisallowUnknownFields (nanovms/ops cmd/flags_config.go,
 * ConvertJSONToConfig()).  Decoding goes on past an error and ops reports
 * the first one; every one is fatal:
 *
 * - a key that matches no field of the struct it is in, at any depth
 *   (json: unknown field "K").  Keys match a field's JSON name exactly or
 *   folded as manifest_fold_eq() folds; a field tagged json:"-" is never
 *   matched.  Members of a map (Env, TargetConfig, ManifestPassthrough)
 *   are not checked, and nothing inside an unknown key is decoded;
 * - a value of the wrong JSON type for its Go type (json: cannot
 *   unmarshal T into Go struct field ...): a string field takes only a
 *   string, a bool only true or false, an int or int64 only a number
 *   strconv.ParseInt reads (no fraction, no exponent, in range), a slice
 *   only an array, a map or a struct (or a pointer to one) only an object.
 *   null is accepted for every field and leaves it as it was.
 *
 * Then it empties RunConfig.IPAddress, NetMask and Gateway when Go's
 * net.ParseIP() refuses them: the config loads, without them.
 *
 * ManifestPassthrough is map[string]interface{}, so any value loads; but
 * ops writes it into the image with fs/tfs.go encodeValue(), which knows
 * strings, arrays and objects only: a number, true, false or null at any
 * depth fails the image build ("unknown type of value").
 *
 * The table below is types/config.go at nanovms/ops commit
 * bb2d9ce40863f927e1a25c3e12b079cf0bb3206c, by hand;
 * tests/data/ops/config-fields.txt is the same list as tools/ops-schema.sh
 * reads it from the Go source, and tests/check_schema.c compares the two.
 */
#ifndef MANIFEST_SCHEMA_H
#define MANIFEST_SCHEMA_H

#include <stddef.h>

#include "manifest/finding.h"
#include "manifest/manifest.h"

/* The ops commit the table was taken from. */
#define SCHEMA_OPS_COMMIT	"bb2d9ce40863f927e1a25c3e12b079cf0bb3206c"

enum schema_kind {
	SCHEMA_STRING,
	SCHEMA_BOOL,
	SCHEMA_INT,		/* int and int64: 64 bits where ops runs */
	SCHEMA_SLICE,		/* of elem */
	SCHEMA_MAP,		/* map[string]elem */
	SCHEMA_STRUCT,		/* st, or a pointer to it */
	SCHEMA_ANY,		/* map[string]interface{}: ManifestPassthrough */
};

struct schema_struct;

/* A Go type as encoding/json decodes into it. */
struct schema_type {
	enum schema_kind		 kind;
	const char			*go;	/* "[]string", "*bool", ... */
	const struct schema_type	*elem;	/* slices and maps */
	const struct schema_struct	*st;	/* structs */
};

struct schema_field {
	const char			*go_name;	/* the Go field */
	const char			*json;		/* its JSON name; "-" */
	const struct schema_type	*type;
};

struct schema_struct {
	const char			*name;		/* the Go type */
	const struct schema_field	*fields;	/* in source order */
	size_t				 nfields;
};

/* Every struct of the table, types.Config first; NULL-terminated. */
extern const struct schema_struct *const schema_structs[];

/*
 * Adds a finding to *out for each thing in m that ops refuses as above,
 * at its line and column: ops-unknown-key (with the field meant, when a
 * near miss or a field of another section), ops-wrong-type and
 * passthrough-value-type, all errors, and ops-address-dropped, a
 * warning.  Values other findings already
 * name are left to them: ManifestPassthrough when not an object
 * (passthrough-not-object), an interface's io-queues
 * (io-queues-not-string) or an interface that is not an object
 * (interface-not-object), and the CloudConfig value manifest_target()
 * refuses (cloudconfig-type).  Time and memory are linear in the text.
 * Returns 0, or -1 when memory runs out.
 */
int	schema_check(const struct manifest *m, struct findings *out);

#endif /* MANIFEST_SCHEMA_H */
