/* banned.h - functions that are too easy to misuse; included last.
 * Modelled on git's banned.h: a use becomes a compile error. */
#ifndef CA_BANNED_H
#define CA_BANNED_H

#define CA_BANNED(func) sorry_##func##_is_banned_in_credatlas

#undef strcpy
#define strcpy(x, y) CA_BANNED(strcpy)
#undef strcat
#define strcat(x, y) CA_BANNED(strcat)
#undef strncpy
#define strncpy(x, y, n) CA_BANNED(strncpy)
#undef sprintf
#define sprintf(...) CA_BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) CA_BANNED(vsprintf)
#undef strtok
#define strtok(x, y) CA_BANNED(strtok)
#undef gets
#define gets(x) CA_BANNED(gets)
#undef atoi
#define atoi(x) CA_BANNED(atoi)

#endif
