/*
 * libFuzzer target: everything mqplan reads from a metadata service or a
 * name it is given, on any bytes.  The first byte picks the parser: GCE
 * instance JSON, an IMDS MAC listing, an IMDS number, a GCE machine type
 * or an EC2 instance type.  Invariants, checked with abort(): parsed
 * values are in range and NUL-terminated within their buffers.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "platforms/aws/imds.h"
#include "platforms/aws/instance_type.h"
#include "platforms/gcp/machine_type.h"
#include "platforms/gcp/metadata.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/*
 * The instance id and each interface of a parse that succeeded: digits
 * only, strings NUL-terminated within their buffers, counts in range.
 */
static int
parsed_ok(const struct gcp_metadata *md)
{
	const struct gcp_nic	*n;
	size_t			 i;

	if (memchr(md->id, 0, sizeof(md->id)) == NULL ||
	    strspn(md->id, "0123456789") != strlen(md->id))
		return (-1);
	for (i = 0; i < md->nics && i < GCP_NICS_MAX; i++) {
		n = &md->nic[i];
		if (n->index != (int)i || n->queue_count > 65536 ||
		    memchr(n->mac, 0, sizeof(n->mac)) == NULL ||
		    memchr(n->network, 0, sizeof(n->network)) == NULL ||
		    memchr(n->nic_type, 0, sizeof(n->nic_type)) == NULL)
			return (-1);
	}
	return (0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gcp_metadata	 md;
	struct aws_eni		 enis[IMDS_ENIS_MAX];
	struct instance_type	 it;
	char			 err[256], *s;
	int			 n, i, rc;

	if (size < 1)
		return (0);
	if ((s = malloc(size)) == NULL)
		return (0);
	memcpy(s, data + 1, size - 1);
	s[size - 1] = '\0';
	switch (data[0] % 5) {
	case 0:
		if (gcp_metadata_parse(s, size - 1, &md, err,
		    sizeof(err)) == 0 &&
		    (md.machine_type[0] == '\0' ||
		    memchr(md.machine_type, 0, sizeof(md.machine_type)) ==
		    NULL || memchr(md.zone, 0, sizeof(md.zone)) == NULL ||
		    parsed_ok(&md) == -1))
			abort();
		break;
	case 1:
		n = aws_imds_parse_macs(s, enis, IMDS_ENIS_MAX);
		if (n > IMDS_ENIS_MAX)
			abort();
		for (i = 0; i < n; i++)
			if (strlen(enis[i].mac) != 17)
				abort();
		break;
	case 2:
		if (aws_imds_parse_index(s) > 1000000)
			abort();
		break;
	case 3:
		rc = gcp_machine_type_lookup(s, &it, err, sizeof(err));
		if (rc == 0 && (it.vcpus == 0 || it.nics[0] == NULL))
			abort();
		if (rc != 0 && err[0] == '\0')
			abort();
		break;
	default:
		rc = aws_instance_type_lookup(s, &it, err, sizeof(err));
		if (rc == 0 && (it.vcpus == 0 || it.nics[0] == NULL))
			abort();
		if (rc != 0 && err[0] == '\0')
			abort();
		break;
	}
	free(s);
	return (0);
}
