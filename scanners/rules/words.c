/* words.c - the dictionary check of the keyword rules: a value made of
 * common English and programming words ("password1", "mynewpassword",
 * "IAmSensitive", "P@55w0rd!") is a sample or a default, not a secret.
 *
 * The value is lowercased, leetspeak is undone (in two spellings, as "1"
 * reads "i" or "l"), and each run of letters must split into words of the
 * list below; digits and a few separators may sit between them. Random
 * tokens almost never split: a run of letters drawn at random matches
 * a word in a handful of places, not from end to end. */
#include "lib/compat.h"
#include "scanners/rules/rules_p.h"
#include "lib/banned.h"

#define WORDY_MAX 128 /* longer values are not checked (not wordy) */
#define WORD_MAX  24  /* longest entry below */

/* Sorted (strcmp order), lowercase. */
/* clang-format off */
static const char *const words[] = {
	"a", "abc", "access", "account", "accounts", "action", "actions",
	"add", "admin", "administrator", "air", "all", "allow", "allowed",
	"also", "am", "amazon", "an", "and", "android", "anon", "anoncvs",
	"anonymous", "any", "anybody", "anywhere", "api", "apikey", "app",
	"apple", "application", "apps", "are", "as", "asdf", "ask", "asked",
	"at", "auth", "aws", "azure", "backup", "bad", "bar", "baseball",
	"batman", "baz", "be", "bear", "begin", "big", "bird", "black",
	"blue", "book", "books", "bot", "bots", "boy", "brown", "business",
	"but", "by", "can", "cat", "centos", "cert", "certificate",
	"certificates", "certs", "cfg", "change", "changed", "changeme",
	"char", "characters", "charlie", "chars", "chat", "ci", "clave",
	"client", "close", "code", "coder", "codes", "coding", "com",
	"company", "conf", "config", "configuration", "connect",
	"connection", "contrasena", "corp", "corporation", "correct",
	"could", "cow", "create", "data", "database", "date", "day", "db",
	"debconf", "debian", "default", "defaults", "delete", "demo",
	"denied", "deny", "desktop", "dev", "devel", "development", "did",
	"dir", "directory", "do", "does", "doesnot", "dog", "done", "dragon",
	"dsa", "dummy", "earth", "ecdsa", "edit", "edu", "eggs", "eight",
	"email", "end", "enter", "entered", "enterprise", "error", "even",
	"everybody", "everywhere", "example", "examples", "exist", "exists",
	"fail", "failed", "fake", "file", "files", "finish", "fire", "first",
	"fish", "five", "folder", "foo", "foobar", "football", "for", "four",
	"fox", "fred", "freedom", "from", "ftp", "gcp", "geheim", "generate",
	"generated", "get", "go", "golang", "good", "google", "gov", "gpg",
	"grant", "granted", "gray", "green", "grey", "group", "groups",
	"guest", "had", "ham", "has", "hate", "hd", "hello", "her", "here",
	"hidden", "him", "his", "home", "horse", "host", "how", "http",
	"https", "i", "ice", "id", "if", "iloveyou", "imap", "in", "inbox",
	"incorrect", "info", "input", "internet", "into", "invalid", "io",
	"ios", "ip", "is", "it", "item", "its", "java", "javascript",
	"jordan", "js", "just", "key", "keys", "kind", "kms", "kotlin", "large",
	"last", "least", "less", "let", "letmein", "like", "linux", "lion",
	"list", "lists", "little", "load", "local", "localhost", "login",
	"logon", "long", "love", "mac", "macos", "mail", "mailbox", "main",
	"man", "mariadb", "master", "masterkey", "me", "mega", "member",
	"members", "message", "messages", "michael", "microsoft", "mobile",
	"mock", "mongo", "mongodb", "monkey", "month", "moon", "more",
	"most", "motdepasse", "mouse", "must", "my", "mysecret",
	"mysecretpassword", "mysql", "name", "names", "needed", "net",
	"network", "new", "next", "nil", "nine", "no", "nobody", "node",
	"nodejs", "none", "not", "note", "notes", "nothing", "now",
	"nowhere", "null", "oauth", "of", "ok", "okay", "old", "on", "one",
	"only", "onto", "open", "option", "optional", "options", "or",
	"oracle", "orange", "org", "organization", "os", "our", "out",
	"output", "over", "package", "packages", "page", "pages", "param",
	"parameter", "params", "parole", "pass", "passcode", "passphrase",
	"passw", "passwd", "password", "passwords", "passwort", "pasword",
	"path", "paths", "pc", "perl", "pgp", "php", "pink", "please",
	"plugh", "pop", "port", "postgres", "postgresql", "primary",
	"princess", "private", "prod", "production", "profile", "profiles",
	"program", "programming", "prompt", "protected", "proxy", "pswd",
	"public", "purple", "put", "pw", "pwd", "pword", "python", "quux",
	"qux", "qwerty", "rain", "random", "randomly", "read", "real",
	"really", "red", "redhat", "redis", "regenerated", "remove",
	"request", "required", "reset", "response", "result", "results",
	"right", "robot", "root", "rsa", "ruby", "rust", "sample", "samples",
	"save", "saver", "say", "scala", "screen", "screensave", "script",
	"scripts", "sea", "second", "secret", "secrets", "secure",
	"security", "see", "sekrit", "senha", "sensitive", "server",
	"service", "services", "set", "setting", "settings", "seven",
	"shadow", "she", "short", "should", "six", "sky", "slave", "small",
	"smtp", "snow", "so", "some", "somebody", "somewhere", "spam", "sql",
	"sqlite", "ssh", "ssl", "stage", "staging", "star", "start", "state",
	"status", "still", "stop", "string", "stub", "stuff", "sun",
	"sunshine", "super", "superman", "supersecret", "swift", "systeem",
	"system", "systems", "table", "tables", "team", "teams", "temp",
	"ten", "test", "tested", "tester", "testing", "tests", "text",
	"thank", "thanks", "that", "the", "their", "there", "these", "thing",
	"third", "this", "those", "three", "tiger", "time", "tls", "tmp",
	"to", "today", "token", "tokens", "tomorrow", "too", "top",
	"topsecret", "trustno", "tv", "two", "typescript", "ubuntu", "ui",
	"ultra", "under", "unique", "unix", "up", "update", "us", "use",
	"used", "user", "username", "users", "using", "valid", "value",
	"values", "very", "verysecret", "visible", "vm", "was", "water",
	"way", "we", "web", "webdav", "week", "welcome", "what", "whatever",
	"when", "where", "which", "white", "who", "why", "wibble", "wind",
	"windows", "with", "without", "wobble", "wolf", "word", "words",
	"world", "would", "write", "wrong", "xyz", "xyzzy", "year", "yellow",
	"yes", "yesterday", "you", "your", "zxcv",
};
/* clang-format on */

/* True when s[0..n) is in the list. */
static bool
is_word(const char *s, size_t n)
{
	size_t lo = 0, hi = CA_ARRAY_SIZE(words);

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strncmp(words[mid], s, n);

		if (!c && words[mid][n])
			c = 1; /* the entry is longer: it sorts after */
		if (!c)
			return true;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

/* True when the letters s[0..n) split into words from end to end. */
static bool
splits(const char *s, size_t n)
{
	bool ok[WORDY_MAX + 1] = { true };

	for (size_t i = 0; i < n; i++) {
		if (!ok[i])
			continue;
		for (size_t k = 1; k <= WORD_MAX && i + k <= n; k++)
			if (!ok[i + k] && is_word(s + i, k))
				ok[i + k] = true;
	}
	return ok[n];
}

/* Leetspeak: what a digit or sign stands for, or 0 to keep it. 'one' is
 * the letter "1" reads as. */
static char
unleet(char c, char one)
{
	switch (c) {
	case '0':
		return 'o';
	case '1':
		return one;
	case '3':
		return 'e';
	case '4':
	case '@':
		return 'a';
	case '5':
	case '$':
		return 's';
	case '7':
		return 't';
	default:
		return 0;
	}
}

/* One spelling: 'leet' undoes leetspeak with "1" as 'one'. */
static bool
wordy_as(const char *s, size_t len, bool leet, char one)
{
	char run[WORDY_MAX];
	size_t n = 0, letters = 0, digits = 0;
	bool long_word = false;

	for (size_t i = 0; i <= len; i++) {
		char c = i < len ? s[i] : '\0';
		char l = leet && i < len ? unleet(c, one) : 0;

		if (l)
			c = l;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c + 32);
		if (c >= 'a' && c <= 'z') {
			if (n == sizeof(run))
				return false; /* no word is this long */
			run[n++] = c;
			letters++;
			continue;
		}
		if (n) {
			if (!splits(run, n))
				return false;
			long_word |= n >= 3;
			n = 0;
		}
		if (i == len)
			break;
		if (c >= '0' && c <= '9')
			digits++;
		else if (!strchr(" _-.@/:,+!?'", c))
			return false; /* '&', '#', '%', '^': a chosen password
			               */
	}
	return letters >= 3 && long_word && digits <= 6;
}

bool
ca_rv_wordy(const char *s, size_t len)
{
	size_t tail = 0;

	/* A trailing "\n" escape is the string's, not the value's. */
	for (;;) {
		if (len >= 2 && s[len - 2] == '\\' &&
		    (s[len - 1] == 'n' || s[len - 1] == 'r'))
			len -= 2;
		else if (len && s[len - 1] == '\\')
			len--;
		else
			break;
	}
	/* "SomeKindOfPassword123!@#": signs appended to words. */
	if (!len || len > WORDY_MAX)
		return false;
	while (
	    tail < 4 && tail < len && strchr("!@#$%^&*?.", s[len - 1 - tail]))
		tail++;
	if (tail < len && wordy_as(s, len - tail, false, 0))
		return true;
	return wordy_as(s, len, false, 0) || wordy_as(s, len, true, 'i') ||
	    wordy_as(s, len, true, 'l');
}
