/* services.c - which service uses a system-wide credential: a file under
 * /etc/gitlab-runner belongs to gitlab-runner, one under /opt/deploy to
 * "deploy". Only for files outside every home (a home's files belong to
 * its user); the owner itself comes from the file's uid. */
#include "lib/compat.h"
#include "lib/arena.h"
#include "scanners/core/run_p.h"
#include "lib/banned.h"

struct service_dir {
	const char *dir;     /* target path, no trailing '/' */
	const char *service; /* NULL: the next component names it */
};

/* clang-format off */
static const struct service_dir service_dirs[] = {
	{ "/etc/gitlab-runner", "gitlab-runner" },
	{ "/etc/docker", "docker" },
	{ "/etc/containerd", "containerd" },
	{ "/etc/kubernetes", "kubernetes" },
	{ "/etc/rancher/k3s", "k3s" },
	{ "/etc/rancher/rke2", "rke2" },
	{ "/etc/nginx", "nginx" },
	{ "/etc/apache2", "apache2" },
	{ "/etc/httpd", "httpd" },
	{ "/etc/mysql", "mysql" },
	{ "/etc/postgresql", "postgresql" },
	{ "/etc/redis", "redis" },
	{ "/etc/letsencrypt", "certbot" },
	{ "/etc/ssh", "sshd" },
	{ "/etc/openvpn", "openvpn" },
	{ "/etc/wireguard", "wireguard" },
	{ "/etc/grafana", "grafana" },
	{ "/etc/prometheus", "prometheus" },
	{ "/etc/vault.d", "vault" },
	{ "/etc/consul.d", "consul" },
	{ "/etc/buildkite-agent", "buildkite-agent" },
	{ "/etc/github-runner", "github-runner" },
	{ "/var/lib/jenkins", "jenkins" },
	{ "/var/lib/gitlab-runner", "gitlab-runner" },
	{ "/var/lib/docker", "docker" },
	{ "/opt", NULL },
	{ "/srv", NULL },
	{ "/app", "app" },
};
/* clang-format on */

const char *
run_service_of(struct ca_ctx *ctx, const char *path, const char *home)
{
	if (home || !path || path[0] != '/')
		return NULL;
	for (size_t i = 0; i < CA_ARRAY_SIZE(service_dirs); i++) {
		const struct service_dir *s = &service_dirs[i];
		size_t n = strlen(s->dir);
		const char *rest, *end;

		if (strncmp(path, s->dir, n) || path[n] != '/')
			continue;
		if (s->service)
			return s->service;
		/* /opt/NAME/...: NAME, when a file lies below it */
		rest = path + n + 1;
		end = strchr(rest, '/');
		if (!end || end == rest)
			return NULL;
		return arena_printf(ca_scratch(ctx), "%.*s", (int)(end - rest),
		    rest);
	}
	return NULL;
}
