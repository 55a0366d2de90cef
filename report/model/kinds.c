/* kinds.c - the table of credential kinds: surface, label, default tier,
 * default risk and lifetime. A tier here is the conservative default used
 * when a credential's real scopes are unknown ("assumed" evidence).
 * Keep the table sorted by name (a unit test checks it). */
#include "lib/compat.h"
#include "report/model/finding.h"
#include "lib/banned.h"

#define R CA_TIER_READ
#define W CA_TIER_WRITE
#define S CA_TIER_SECRET
#define A CA_TIER_ADMIN
#define LOW CA_RISK_LOW
#define MED CA_RISK_MEDIUM
#define HIGH CA_RISK_HIGH
#define CRIT CA_RISK_CRITICAL

static const struct ca_kind kinds[] = {
	/* name, surface, label, tier, risk, standing, secretless */
	{ "anthropic-admin-key", "ai", "Anthropic admin API key", A, CRIT, true, false },
	{ "anthropic-api-key", "ai", "Anthropic API key", W, HIGH, true, false },
	{ "aws-access-key", "cloud", "AWS access key pair", A, CRIT, true, false },
	{ "aws-assume-role", "cloud", "AWS profile assuming an IAM role (delegation)", A, MED, true, true },
	{ "aws-credential-process", "cloud", "AWS credential_process command (delegation)", A, MED, true, true },
	{ "aws-session-key", "cloud", "AWS temporary session key", A, HIGH, false, false },
	{ "aws-sso-profile", "cloud", "AWS IAM Identity Center (SSO) profile (delegation)", A, LOW, true, true },
	{ "aws-sso-refresh-token", "cloud", "AWS IAM Identity Center (SSO) refresh token", A, HIGH, false, false },
	{ "aws-sso-token", "cloud", "AWS IAM Identity Center (SSO) access token", A, HIGH, false, false },
	{ "azure-access-token", "cloud", "Azure / Entra ID access token", A, HIGH, false, false },
	{ "azure-refresh-token", "cloud", "Azure / Entra ID refresh token", A, CRIT, true, false },
	{ "azure-sp-certificate", "cloud", "Azure service principal signing in with a certificate file", A, HIGH, true, true },
	{ "azure-sp-secret", "cloud", "Azure service principal client secret", A, CRIT, true, false },
	{ "cargo-token", "registry", "Cargo registry token (crates.io or an alternative registry)", W, HIGH, true, false },
	{ "cloudflare-api-token", "cloud", "Cloudflare API token", W, HIGH, true, false },
	{ "cloudflare-oauth-token", "cloud", "Cloudflare OAuth access token (wrangler)", W, HIGH, false, false },
	{ "cloudflare-refresh-token", "cloud", "Cloudflare OAuth refresh token (wrangler)", W, HIGH, true, false },
	{ "composer-credential", "registry", "PHP Composer auth.json credential", W, HIGH, true, false },
	{ "database-url", "database", "database connection string with password", W, HIGH, true, false },
	{ "digitalocean-token", "cloud", "DigitalOcean API token", A, CRIT, true, false },
	{ "docker-credential-helper", "registry", "container registry credential helper (delegation)", W, LOW, true, true },
	{ "docker-hub-pat", "registry", "Docker Hub personal access token", W, HIGH, true, false },
	{ "docker-identity-token", "registry", "container registry identity token (OAuth refresh token)", W, HIGH, true, false },
	{ "docker-registry-auth", "registry", "container registry login (user and password or token)", W, HIGH, true, false },
	{ "docker-registry-token", "registry", "container registry bearer token", W, MED, false, false },
	{ "fly-token", "cloud", "Fly.io access token", A, CRIT, true, false },
	{ "gcp-access-token", "cloud", "Google Cloud OAuth access token", A, HIGH, false, false },
	{ "gcp-api-key", "cloud", "Google API key", R, MED, true, false },
	{ "gcp-external-account", "cloud", "Google Cloud workload or workforce identity federation (delegation)", A, MED, true, true },
	{ "gcp-impersonation", "cloud", "Google Cloud service-account impersonation (delegation)", A, MED, true, true },
	{ "gcp-service-account-key", "cloud", "Google Cloud service-account key", A, CRIT, true, false },
	{ "gcp-user-refresh-token", "cloud", "Google Cloud user OAuth refresh token", A, HIGH, true, false },
	{ "generic-password", "generic", "password assignment", W, MED, true, false },
	{ "generic-secret", "generic", "secret or token assignment", W, MED, true, false },
	{ "git-credential", "git", "git credential-store password or token", W, HIGH, true, false },
	{ "git-credential-helper", "git", "git credential helper (delegation)", W, LOW, true, true },
	{ "git-http-extraheader", "git", "git http.extraheader authorization", W, HIGH, true, false },
	{ "git-remote-credential", "git", "credentials embedded in a git remote URL", W, HIGH, true, false },
	{ "github-app-installation-token", "github", "GitHub App installation token", W, MED, false, false },
	{ "github-app-user-token", "github", "GitHub App user-to-server token", W, HIGH, false, false },
	{ "github-copilot-token", "github", "GitHub Copilot OAuth token", R, MED, true, false },
	{ "github-env-token", "github", "GitHub token in an environment assignment", W, HIGH, true, false },
	{ "github-keyring-token", "github", "GitHub CLI token kept in the OS keyring", W, MED, true, true },
	{ "github-oauth-token", "github", "GitHub OAuth token", W, HIGH, true, false },
	{ "github-pat-classic", "github", "GitHub classic personal access token", A, CRIT, true, false },
	{ "github-pat-fine-grained", "github", "GitHub fine-grained personal access token", W, HIGH, true, false },
	{ "github-refresh-token", "github", "GitHub refresh token", W, HIGH, false, false },
	{ "gitlab-pat", "gitlab", "GitLab personal access token", A, CRIT, true, false },
	{ "gitlab-runner-token", "gitlab", "GitLab runner token", S, HIGH, true, false },
	{ "gitlab-token", "gitlab", "GitLab token", W, HIGH, true, false },
	{ "gradle-property-secret", "registry", "secret in gradle.properties", W, HIGH, true, false },
	{ "helm-repository-password", "registry", "Helm chart repository password", W, HIGH, true, false },
	{ "huggingface-token", "ai", "Hugging Face access token", W, HIGH, true, false },
	{ "jwt", "generic", "JSON Web Token", R, MED, false, false },
	{ "kube-auth-provider-token", "cloud", "kubeconfig auth-provider token or client secret", A, HIGH, false, false },
	{ "kube-basic-auth", "cloud", "kubeconfig username and password", A, CRIT, true, false },
	{ "kube-client-key", "cloud", "kubeconfig client certificate key", A, CRIT, true, false },
	{ "kube-exec", "cloud", "kubeconfig exec credential plugin (delegation)", A, LOW, true, true },
	{ "kube-token", "cloud", "kubeconfig bearer token", A, CRIT, true, false },
	{ "linode-token", "cloud", "Linode API token", A, CRIT, true, false },
	{ "mail-password-command", "mail", "mail client password command (delegation)", W, LOW, true, true },
	{ "maven-encrypted-password", "registry", "Maven server password encrypted with a master password not found", W, LOW, true, false },
	{ "maven-server-password", "registry", "Maven server password", W, HIGH, true, false },
	{ "mysql-password", "database", "MySQL or MariaDB client password", W, HIGH, true, false },
	{ "netlify-token", "cloud", "Netlify access token", A, CRIT, true, false },
	{ "npm-basic-auth", "registry", "npm registry user and password", W, HIGH, true, false },
	{ "npm-token", "registry", "npm access token", W, HIGH, true, false },
	{ "nuget-encrypted-password", "registry", "NuGet DPAPI-encrypted password or API key", W, LOW, true, false },
	{ "nuget-password", "registry", "NuGet source clear-text password", W, HIGH, true, false },
	{ "oci-api-key", "cloud", "Oracle Cloud API signing key", A, CRIT, true, false },
	{ "oci-session-token", "cloud", "Oracle Cloud session token", A, HIGH, false, false },
	{ "openai-api-key", "ai", "OpenAI API key", W, HIGH, true, false },
	{ "postgres-password", "database", "PostgreSQL password (.pgpass)", W, HIGH, true, false },
	{ "private-key", "keys", "unencrypted private key", A, CRIT, true, false },
	{ "private-key-encrypted", "keys", "passphrase-protected private key", A, LOW, true, false },
	{ "pypi-password", "registry", "Python package index upload password", W, HIGH, true, false },
	{ "pypi-token", "registry", "PyPI API token", W, HIGH, true, false },
	{ "python-index-credential", "registry", "credentials in a pip index URL", W, HIGH, true, false },
	{ "railway-refresh-token", "cloud", "Railway OAuth refresh token", A, HIGH, true, false },
	{ "railway-token", "cloud", "Railway account token", A, CRIT, true, false },
	{ "rubygems-api-key", "registry", "RubyGems API key", W, HIGH, true, false },
	{ "sendgrid-api-key", "saas", "SendGrid API key", W, HIGH, true, false },
	{ "slack-app-token", "saas", "Slack app-level token", W, HIGH, true, false },
	{ "slack-bot-token", "saas", "Slack bot token", W, HIGH, true, false },
	{ "slack-user-token", "saas", "Slack user token", S, HIGH, true, false },
	{ "slack-webhook", "saas", "Slack incoming webhook URL", W, MED, true, false },
	{ "smtp-password", "mail", "SMTP account password", W, HIGH, true, false },
	{ "stripe-restricted-key", "saas", "Stripe restricted key", W, HIGH, true, false },
	{ "stripe-secret-key", "saas", "Stripe secret key", A, CRIT, true, false },
	{ "supabase-token", "cloud", "Supabase personal access token", A, CRIT, true, false },
	{ "terraform-credentials-helper", "cloud", "Terraform credentials helper (delegation)", A, LOW, true, true },
	/* Terraform: a user or team token runs plans and applies with the cloud
	 * credentials kept in its workspaces and reads state full of secrets:
	 * admin over the infrastructure those workspaces manage. */
	{ "terraform-token", "cloud", "HCP Terraform / Terraform Enterprise API token", A, CRIT, true, false },
	{ "twilio-api-key", "saas", "Twilio API key", W, HIGH, true, false },
	{ "url-credential", "generic", "credentials embedded in a URL", W, HIGH, true, false },
	/* Vault: a token reads the secrets its policies allow (secret tier); a
	 * root or admin policy would be more, but nothing on disk says which. */
	{ "vault-token", "cloud", "HashiCorp Vault token", S, HIGH, true, false },
	{ "vault-token-helper", "cloud", "Vault token helper (delegation)", S, LOW, true, true },
	{ "vercel-refresh-token", "cloud", "Vercel CLI OAuth refresh token", A, HIGH, true, false },
	{ "vercel-token", "cloud", "Vercel access token", A, CRIT, true, false },
};

const struct ca_kind *
ca_kinds(size_t *count)
{
	*count = CA_ARRAY_SIZE(kinds);
	return kinds;
}

const struct ca_kind *
ca_kind_find(const char *name)
{
	size_t lo = 0, hi = CA_ARRAY_SIZE(kinds);

	if (!name)
		return NULL;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(name, kinds[mid].name);
		if (!c)
			return &kinds[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

static const char *const tier_names[CA_TIER_COUNT] = {
	"read", "write", "secret", "admin",
};
static const char *const risk_names[CA_RISK_COUNT] = {
	"low", "medium", "high", "critical",
};

const char *
ca_tier_name(enum ca_tier tier)
{
	return (unsigned)tier < CA_TIER_COUNT ? tier_names[tier] : "unknown";
}

const char *
ca_risk_name(enum ca_risk risk)
{
	return (unsigned)risk < CA_RISK_COUNT ? risk_names[risk] : "unknown";
}

int
ca_tier_parse(const char *name)
{
	for (int i = 0; i < CA_TIER_COUNT; i++)
		if (!strcmp(name, tier_names[i]))
			return i;
	return -1;
}

int
ca_risk_parse(const char *name)
{
	for (int i = 0; i < CA_RISK_COUNT; i++)
		if (!strcmp(name, risk_names[i]))
			return i;
	return -1;
}
