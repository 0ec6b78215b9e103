/*
 * The manifest the driver asks for: opt/mqplan/config.json from fw_cfg,
 * read once at boot, and looked up as ManifestPassthrough.<ifname>.<key>.
 * Only a JSON string is a value; anything else there (ops refuses a
 * number for io-queues) reads as absent, with a note in the log saying
 * why.  Answers are copied into a pool that is never freed, so they stay
 * valid for the life of the guest.
 */
#include "guest.h"
#include "json.h"

#define CONFIG_NAME	"opt/mqplan/config.json"
#define CONFIG_MAX	(64 * 1024)
#define POOL_SIZE	4096
#define VALUE_MAX	256

static char	config[CONFIG_MAX];
static size_t	config_len;
static bool	config_ok;
static char	pool[POOL_SIZE];
static size_t	pool_used;

void
manifest_load(void)
{
	long	size;

	size = fwcfg_read_file(CONFIG_NAME, config, sizeof(config));
	if (size < 0) {
		kprintf("config absent\n");
		return;
	}
	if (size > (long)sizeof(config)) {
		kprintf("config: %s is %ld bytes, more than the %u the "
		    "guest reads; ignored\n", CONFIG_NAME, size, CONFIG_MAX);
		return;
	}
	config_len = (size_t)size;
	config_ok = true;
	kprintf("config bytes %zu\n", config_len);
}

size_t
manifest_size(void)
{
	return (config_ok ? config_len : 0);
}

const char *
manifest_get(const char *ifname, const char *key)
{
	const char	*path[3] = { "ManifestPassthrough", ifname, key };
	char		 value[VALUE_MAX];
	enum json_result r;
	size_t		 where = 0, n;
	char		*copy;

	if (!config_ok || ifname == NULL || key == NULL)
		return (NULL);
	r = json_lookup(config, config_len, path, 3, value, sizeof(value),
	    &where);
	switch (r) {
	case JSON_FOUND:
		break;
	case JSON_ABSENT:
		return (NULL);
	case JSON_MALFORMED:
		kprintf("log: manifest: %s: malformed JSON at byte %zu\n",
		    CONFIG_NAME, where);
		return (NULL);
	default:
		kprintf("log: manifest: %s.%s: %s; treated as absent\n",
		    ifname, key, json_result_str(r));
		return (NULL);
	}
	n = strlen(value) + 1;
	if (pool_used + n > sizeof(pool)) {
		kprintf("log: manifest: value pool full\n");
		return (NULL);
	}
	copy = pool + pool_used;
	memcpy(copy, value, n);
	pool_used += n;
	return (copy);
}
