/*
 * What `mqplan apply` changes in a config: ManifestPassthrough.enN
 * ["io-queues"] for every interface whose driver reads it, as a string
 * (ops refuses numbers there), keeping every other key; and the en1
 * static address moved into the en1 tuple, because Nanos stops reading
 * the root ipaddr once an en1 tuple exists (nanos-ops.md 4.4).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "manifest/merge.h"
#include "manifest/quote.h"

/* A config value as a message shows it: quoted, escaped, cut. */
#define SHOWN_MAX	80

static int
note(struct findings *notes, const char *id, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
note(struct findings *notes, const char *id, const char *fmt, ...)
{
	char	msg[2 * FINDING_MSG_MAX];	/* findings_add() cuts it well */
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return (findings_add(notes, id, LEVEL_NOTE, NULL, 0, "%s", msg));
}

/* RunConfig's static address for en1, as ops writes it to root keys. */
struct static_ip {
	const char	*ip;
	const char	*mask;
	const char	*gw;
};

static void
static_ip(const struct manifest *m, struct static_ip *s)
{
	const json_t	*rc = manifest_get(m->root, "RunConfig", NULL);

	s->ip = json_string_value(manifest_get(rc, "IPAddress", NULL));
	s->mask = json_string_value(manifest_get(rc, "NetMask", NULL));
	s->gw = json_string_value(manifest_get(rc, "Gateway", NULL));
	if (s->ip != NULL && s->ip[0] == '\0')
		s->ip = NULL;
}

/* Adds ipaddr, netmask and gateway to members, as the tuple lacks them. */
static int
move_ip(const struct manifest *m, const struct static_ip *s, uint32_t tuple,
    json_t *members)
{
	static const char *const keys[] = { "ipaddr", "netmask", "gateway" };
	const char		*vals[3] = { s->ip, s->mask, s->gw };
	size_t			 i;

	for (i = 0; i < 3; i++) {
		if (vals[i] == NULL || vals[i][0] == '\0' ||
		    locator_member(&m->loc, tuple, keys[i],
		    strlen(keys[i])) != LOCATE_NONE)
			continue;
		if (json_object_set_new(members, keys[i],
		    json_string(vals[i])) == -1)
			return (-1);
	}
	return (0);
}

int
manifest_merge(const struct manifest *m, const struct decision *d,
    bool no_move_ip, struct edits *e, struct findings *notes, char *err,
    size_t errlen)
{
	struct static_ip	 sip;
	json_t			*io = NULL;
	json_t			*add = NULL, *members = NULL, *wrap = NULL;
	const char		*mpkey = "ManifestPassthrough";
	char			*mptr = NULL, *tptr = NULL, want[16], *was;
	char			*mpname = NULL;
	char			 shown[SHOWN_MAX], ip[SHOWN_MAX];
	uint32_t		 i, mp, t, ion;
	int			 rc, ret = -1;

	static_ip(m, &sip);
	quote_str(ip, sizeof(ip), sip.ip);
	mp = manifest_field_node(m, FIELD_PASSTHROUGH);
	if (mp != LOCATE_NONE && (mpname = locator_key(&m->loc, mp,
	    NULL)) == NULL)
		goto nomem;
	if (mp != LOCATE_NONE && m->loc.nodes[mp].kind != SPAN_OBJECT) {
		snprintf(err, errlen, "%s: %s is not an object; fix it first "
		    "(mqplan validate says how)", m->path, mpname);
		goto out;
	}
	/*
	 * Of several case variants, ops keeps each key's value from the last
	 * that has it (manifest.h): edit that one, add to the last variant.
	 */
	if ((mp != LOCATE_NONE && (mptr = locator_pointer(&m->loc,
	    mp)) == NULL) || (add = json_object()) == NULL)
		goto nomem;

	for (i = 0; i < d->nnics; i++) {
		const struct decision_nic	*dn = &d->nics[i];

		t = manifest_member_node(m, FIELD_PASSTHROUGH, dn->ifname);
		if (dn->io_queues == 0) {
			if (note(notes, "io-queues-skipped", "%s: io-queues not "
			    "written: the unikernel's %s driver ignores it",
			    dn->ifname, nic_type_name(dn->nic)) == -1)
				goto nomem;
			continue;
		}
		if (t != LOCATE_NONE && m->loc.nodes[t].kind != SPAN_OBJECT) {
			snprintf(err, errlen, "%s: %s.%s is not an object; fix "
			    "it first (mqplan validate says how)", m->path,
			    mpname, dn->ifname);
			goto out;
		}
		snprintf(want, sizeof(want), "%u", dn->io_queues);
		if ((members = json_object()) == NULL)
			goto nomem;
		ion = locator_member(&m->loc, t, "io-queues", 9);
		json_decref(io);
		io = NULL;
		if (ion != LOCATE_NONE && (io = manifest_json(m, ion)) == NULL)
			goto nomem;
		if (io == NULL) {
			if (json_object_set_new(members, "io-queues",
			    json_string(want)) == -1)
				goto nomem;
			if (note(notes, "io-queues-set", "%s: io-queues \"%s\"",
			    dn->ifname, want) == -1)
				goto nomem;
		} else if (!json_is_string(io) ||
		    strcmp(json_string_value(io), want) != 0) {
			free(tptr);
			if ((tptr = locator_pointer(&m->loc, ion)) == NULL ||
			    edits_replace_string(e, tptr, want) == -1)
				goto nomem;
			/*
			 * An object or array is shown by its kind, a string
			 * quoted and escaped, other JSON as it is.
			 */
			was = NULL;
			if (json_is_string(io))
				quote(shown, sizeof(shown),
				    json_string_value(io),
				    json_string_length(io));
			else {
				was = json_is_object(io) ?
				    strdup("an object") : json_is_array(io) ?
				    strdup("an array") :
				    json_dumps(io, JSON_ENCODE_ANY);
				snprintf(shown, sizeof(shown), "%s",
				    was != NULL ? was : "?");
			}
			rc = note(notes, "io-queues-set", "%s: io-queues \"%s\" "
			    "(was %s)", dn->ifname, want, shown);
			free(was);
			if (rc == -1)
				goto nomem;
		}
		if (i == 0 && sip.ip != NULL &&
		    locator_member(&m->loc, t, "ipaddr", 6) == LOCATE_NONE) {
			if (no_move_ip) {
				snprintf(err, errlen, "%s: an en1 tuple without "
				    "ipaddr makes Nanos ignore RunConfig's "
				    "static address %s (en1 would use DHCP); "
				    "without --no-move-ip, apply copies it "
				    "into the tuple", m->path, ip);
				ret = -2;
				goto out;
			}
			if (move_ip(m, &sip, t, members) == -1)
				goto nomem;
			if (note(notes, "ip-moved", "en1: RunConfig's static "
			    "address %s copied into the en1 tuple as ipaddr%s%s, "
			    "since Nanos ignores the root address once en1 has "
			    "a tuple", ip, sip.mask ? ", netmask" : "",
			    sip.gw ? ", gateway" : "") == -1)
				goto nomem;
		}
		if (t != LOCATE_NONE) {
			if (json_object_size(members) > 0) {
				free(tptr);
				tptr = locator_pointer(&m->loc, t);
				if (tptr == NULL ||
				    edits_add_members(e, tptr, members) == -1)
					goto nomem;
			}
			json_decref(members);
		} else if (json_object_set_new(add, dn->ifname,
		    members) == -1) {
			members = NULL;
			goto nomem;
		}
		members = NULL;
	}
	if (json_object_size(add) > 0) {
		if (mp != LOCATE_NONE) {
			if (edits_add_members(e, mptr, add) == -1)
				goto nomem;
		} else {
			if ((wrap = json_object()) == NULL ||
			    json_object_set(wrap, mpkey, add) == -1 ||
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
	free(tptr);
	free(mpname);
	json_decref(io);
	json_decref(members);
	json_decref(add);
	json_decref(wrap);
	return (ret);
}
