/*
 * What `mqplan apply` changes in a config: ManifestPassthrough.enN
 * ["io-queues"] for every interface whose driver reads it, as a string
 * (ops refuses numbers there), keeping every other key; io-queues taken
 * out where no driver will read it; and into every enN tuple it writes or
 * finds, the settings Nanos would otherwise have read for that interface
 * from elsewhere (manifest/ifsettings.h), because the tuple hides them.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "manifest/buf.h"
#include "manifest/ifsettings.h"
#include "manifest/merge.h"
#include "manifest/quote.h"

/* A config value as a message shows it: quoted, escaped, cut. */
#define SHOWN_MAX	80

/* One run of manifest_merge(). */
struct merge {
	const struct manifest	*m;
	const struct decision	*d;
	struct ifsettings	 ifs;
	bool			 no_move;
	struct edits		*e;
	struct findings		*notes;
	json_t			*add;		/* tuples to create */
	struct buf		 refused;	/* for no_move: what and where */
	char			*mpname;	/* ManifestPassthrough as spelled */
	char			*err;
	size_t			 errlen;
};

static int
note(struct findings *notes, enum level level, enum finding_id id,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int
note(struct findings *notes, enum level level, enum finding_id id,
    const char *fmt, ...)
{
	char	msg[2 * FINDING_MSG_MAX];	/* findings_add() cuts it well */
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return (findings_add(notes, id, level, NULL, 0, "%s", msg));
}

/* A JSON value as a message shows it: a string quoted, else its kind. */
static void
shown_json(char *shown, size_t len, const json_t *v)
{
	char	*was;

	if (json_is_string(v)) {
		quote(shown, len, json_string_value(v), json_string_length(v));
		return;
	}
	was = json_is_object(v) ? strdup("an object") : json_is_array(v) ?
	    strdup("an array") : json_dumps(v, JSON_ENCODE_ANY);
	snprintf(shown, len, "%s", was != NULL ? was : "?");
	free(was);
}

/*
 * Into members (for tuple t, LOCATE_NONE when it is being made), each
 * setting of interface idx that t lacks; with no_move, only names them.
 */
static int
carry(struct merge *st, unsigned long idx, const char *ifname, uint32_t t,
    json_t *members)
{
	const struct manifest	*m = st->m;
	struct ifsetting	 set[IFKEY_COUNT];
	char			 shown[SHOWN_MAX], *v;
	size_t			 len;
	int			 i, n, rc;

	if ((n = ifsettings_get(&st->ifs, idx, set)) == -1)
		return (-1);
	for (i = 0; i < n; i++) {
		if (t != LOCATE_NONE && locator_member(&m->loc, t, set[i].key,
		    strlen(set[i].key)) != LOCATE_NONE)
			continue;	/* the tuple's own value wins */
		if (st->no_move) {
			buf_printf(&st->refused, "%s%s %s (%s)",
			    st->refused.len > 0 ? ", " : "", ifname,
			    set[i].key, set[i].source);
			continue;
		}
		if ((v = locator_string(&m->loc, set[i].node, &len)) == NULL)
			return (-1);
		quote(shown, sizeof(shown), v, len);
		rc = json_object_set_new(members, set[i].key,
		    json_stringn(v, len));
		free(v);
		if (rc == -1 || note(st->notes, LEVEL_NOTE,
		    FINDING_SETTING_MOVED, "%s: %s %s copied into the %s tuple "
		    "from %s, since %s", ifname, set[i].key, shown, ifname,
		    set[i].source, ifsettings_why(idx)) == -1)
			return (-1);
	}
	return (0);
}

/*
 * Interface idx (ifname): its tuple t (LOCATE_NONE: none) and its plan dn
 * (NULL: the target has no such interface).  Returns 0, or -1 with err
 * set.
 */
static int
one_interface(struct merge *st, unsigned long idx, const char *ifname,
    uint32_t t, const struct decision_nic *dn)
{
	const struct manifest	*m = st->m;
	json_t			*io = NULL, *members = NULL;
	char			 want[16], shown[SHOWN_MAX], *ptr = NULL;
	uint32_t		 ion = LOCATE_NONE, rm = LOCATE_NONE;
	uint32_t		 wanted = dn != NULL ? dn->io_queues : 0;
	int			 ret = -1;

	if (t != LOCATE_NONE && m->loc.nodes[t].kind != SPAN_OBJECT) {
		if (wanted == 0)
			return (0);	/* validate says what is wrong */
		snprintf(st->err, st->errlen, "%s: %s.%s is not an object; "
		    "fix it first (mqplan validate says how)", m->path,
		    st->mpname, ifname);
		return (-1);
	}
	if ((members = json_object()) == NULL)
		goto nomem;
	if (t != LOCATE_NONE &&
	    (ion = locator_member(&m->loc, t, "io-queues", 9)) != LOCATE_NONE &&
	    (io = manifest_json(m, ion)) == NULL)
		goto nomem;
	snprintf(want, sizeof(want), "%u", wanted);
	if (wanted != 0 && io == NULL) {
		if (json_object_set_new(members, "io-queues",
		    json_string(want)) == -1 || note(st->notes, LEVEL_NOTE,
		    FINDING_IO_QUEUES_SET, "%s: io-queues \"%s\"", ifname,
		    want) == -1)
			goto nomem;
	} else if (wanted != 0 && (!json_is_string(io) ||
	    strcmp(json_string_value(io), want) != 0)) {
		shown_json(shown, sizeof(shown), io);
		if ((ptr = locator_pointer(&m->loc, ion)) == NULL ||
		    edits_replace_string(st->e, ptr, want) == -1 ||
		    note(st->notes, LEVEL_NOTE, FINDING_IO_QUEUES_SET,
		    "%s: io-queues \"%s\" (was %s)", ifname, want, shown) == -1)
			goto nomem;
	} else if (wanted == 0 && io != NULL) {
		/* Nothing reads it: left, it would only mislead. */
		rm = ion;
		shown_json(shown, sizeof(shown), io);
		if ((dn != NULL ? note(st->notes, LEVEL_NOTE,
		    FINDING_IO_QUEUES_REMOVED, "%s: io-queues %s removed: the "
		    "unikernel's %s driver ignores it", ifname, shown,
		    nic_type_name(dn->nic)) : note(st->notes, LEVEL_NOTE,
		    FINDING_IO_QUEUES_REMOVED, "%s: io-queues %s removed: the "
		    "target has no %s", ifname, shown, ifname)) == -1)
			goto nomem;
	} else if (wanted == 0 && dn != NULL && note(st->notes, LEVEL_NOTE,
	    FINDING_IO_QUEUES_SKIPPED, "%s: io-queues not written: the "
	    "unikernel's %s driver ignores it", ifname,
	    nic_type_name(dn->nic)) == -1)
		goto nomem;
	/* No tuple and none to make: what Nanos reads stays where it is. */
	if (t == LOCATE_NONE && wanted == 0) {
		ret = 0;
		goto out;
	}
	if (carry(st, idx, ifname, t, members) == -1)
		goto nomem;
	if (t == LOCATE_NONE) {
		ret = json_object_set(st->add, ifname, members);
		if (ret == -1)
			goto nomem;
	} else if ((rm != LOCATE_NONE || json_object_size(members) > 0) &&
	    edits_update_members(st->e, t, rm, members) == -1)
		goto nomem;
	ret = 0;
	goto out;
nomem:
	snprintf(st->err, st->errlen, "%s: out of memory", m->path);
	ret = -1;
out:
	free(ptr);
	json_decref(io);
	json_decref(members);
	return (ret);
}

/*
 * The root io-queues, in every case variant of ManifestPassthrough ops
 * keeps: Nanos reads it for en1 only while there is no en1 tuple
 * (nanos-ops.md 3.2), so it goes whatever the plan, as validate asks.
 * Where en1's driver reads io-queues, one_interface() has put the plan's
 * value in an en1 tuple, which hides the root one; where it does not, or
 * the target has no en1, nothing reads it.  Every variant but mp (whose
 * edits manifest_merge() makes with its additions) is edited here; *mprm
 * is mp's member to take out, or LOCATE_NONE.
 */
static int
root_io_queues(struct merge *st, uint32_t mp, uint32_t *mprm)
{
	const struct manifest		*m = st->m;
	const struct manifest_variants	*fv = &m->fields[FIELD_PASSTHROUGH];
	const struct decision_nic	*dn = st->d->nnics >= 1 ?
					    &st->d->nics[0] : NULL;
	json_t				*io;
	char				 shown[SHOWN_MAX];
	uint32_t			 kept, rm;
	size_t				 j;
	int				 rc;

	*mprm = LOCATE_NONE;
	if ((kept = manifest_member_node(m, FIELD_PASSTHROUGH,
	    "io-queues")) == LOCATE_NONE)
		return (0);
	for (j = fv->n; j-- > 0;) {
		/* Past a null (which empties a map), nothing is kept. */
		if (m->loc.nodes[fv->node[j]].kind != SPAN_OBJECT)
			break;
		if ((rm = locator_member(&m->loc, fv->node[j], "io-queues",
		    9)) == LOCATE_NONE)
			continue;
		if (fv->node[j] == mp)
			*mprm = rm;
		else if (edits_update_members(st->e, fv->node[j], rm,
		    NULL) == -1)
			return (-1);
	}
	if ((io = manifest_json(m, kept)) == NULL)
		return (-1);
	shown_json(shown, sizeof(shown), io);
	json_decref(io);
	if (dn != NULL && dn->io_queues != 0)
		rc = note(st->notes, LEVEL_NOTE, FINDING_IO_QUEUES_REMOVED,
		    "%s.io-queues %s removed: en1's tuple now holds io-queues "
		    "\"%u\"; Nanos reads the root one only while there is no "
		    "en1 tuple", st->mpname, shown, dn->io_queues);
	else if (dn != NULL)
		rc = note(st->notes, LEVEL_NOTE, FINDING_IO_QUEUES_REMOVED,
		    "%s.io-queues %s removed: the unikernel's %s driver ignores "
		    "it (Nanos reads it for en1)", st->mpname, shown,
		    nic_type_name(dn->nic));
	else
		rc = note(st->notes, LEVEL_NOTE, FINDING_IO_QUEUES_REMOVED,
		    "%s.io-queues %s removed: Nanos reads it for en1, and the "
		    "target has no en1", st->mpname, shown);
	return (rc);
}

int
manifest_merge(const struct manifest *m, const struct decision *d,
    bool no_move, struct edits *e, struct findings *notes, char *err,
    size_t errlen)
{
	struct merge	 st;
	json_t		*wrap = NULL;
	char		*mptr = NULL, *k = NULL;
	uint32_t	 i, mp, node, mprm = LOCATE_NONE;
	unsigned long	 idx;
	int		 ret = -1;

	memset(&st, 0, sizeof(st));
	st.m = m;
	st.d = d;
	st.no_move = no_move;
	st.e = e;
	st.notes = notes;
	st.err = err;
	st.errlen = errlen;
	st.refused = (struct buf)BUF_INIT;
	ifsettings_init(&st.ifs, m);
	mp = manifest_field_node(m, FIELD_PASSTHROUGH);
	if (mp != LOCATE_NONE && (st.mpname = locator_key(&m->loc, mp,
	    NULL)) == NULL)
		goto nomem;
	if (mp != LOCATE_NONE && m->loc.nodes[mp].kind != SPAN_OBJECT) {
		/* ops takes null (an empty map), so validate says nothing. */
		if (m->text[m->loc.nodes[mp].val_off] == 'n')
			snprintf(err, errlen, "%s: %s is null; write {} there "
			    "for apply to add to", m->path, st.mpname);
		else
			snprintf(err, errlen, "%s: %s is not an object; fix it "
			    "first (mqplan validate says how)", m->path,
			    st.mpname);
		goto out;
	}
	/*
	 * Of several case variants, ops keeps each key's value from the last
	 * that has it (manifest.h): edit that one, add to the last variant.
	 */
	if ((mp != LOCATE_NONE && (mptr = locator_pointer(&m->loc,
	    mp)) == NULL) || (st.add = json_object()) == NULL)
		goto nomem;

	for (i = 0; i < d->nnics; i++)
		if (one_interface(&st, i + 1, d->nics[i].ifname,
		    manifest_member_node(m, FIELD_PASSTHROUGH,
		    d->nics[i].ifname), &d->nics[i]) == -1)
			goto out;
	/*
	 * Tuples for interfaces the target lacks: kept (they are the user's),
	 * but io-queues there reads nothing, and what they hide is carried
	 * in, so that validate finds nothing either.
	 */
	for (node = manifest_passthrough_next(m, LOCATE_NONE);
	    node != LOCATE_NONE; node = manifest_passthrough_next(m, node)) {
		free(k);
		if ((k = locator_key(&m->loc, node, NULL)) == NULL)
			goto nomem;
		if ((idx = ifsettings_index(k)) <= d->nnics ||
		    m->loc.nodes[node].kind != SPAN_OBJECT)
			continue;
		if (note(notes, LEVEL_WARNING, FINDING_INTERFACE_ABSENT,
		    "%s: the target has %u network interface%s, so Nanos reads "
		    "this tuple for no interface (left in place)", k, d->nnics,
		    d->nnics == 1 ? "" : "s") == -1 ||
		    one_interface(&st, idx, k, node, NULL) == -1)
			goto out;
	}
	if (mp != LOCATE_NONE && root_io_queues(&st, mp, &mprm) == -1)
		goto nomem;
	if (!st.refused.ok)
		goto nomem;
	if (st.refused.len > 0) {
		snprintf(err, errlen, "%s: enN tuples would hide settings Nanos "
		    "reads for those interfaces from elsewhere: %s; without "
		    "--no-move-settings, apply copies them into the tuples",
		    m->path, st.refused.s);
		ret = -2;
		goto out;
	}
	if (mprm != LOCATE_NONE) {
		if (edits_update_members(e, mp, mprm, json_object_size(st.add) >
		    0 ? st.add : NULL) == -1)
			goto nomem;
	} else if (json_object_size(st.add) > 0) {
		if (mp != LOCATE_NONE) {
			if (edits_add_members(e, mptr, st.add) == -1)
				goto nomem;
		} else {
			if ((wrap = json_object()) == NULL ||
			    json_object_set(wrap, "ManifestPassthrough",
			    st.add) == -1 ||
			    edits_add_members(e, "", wrap) == -1)
				goto nomem;
		}
	}
	ret = 0;
	goto out;
nomem:
	snprintf(err, errlen, "%s: out of memory", m->path);
	ret = -1;
out:
	free(mptr);
	free(k);
	free(st.mpname);
	free(st.refused.s);
	json_decref(st.add);
	json_decref(wrap);
	return (ret);
}
