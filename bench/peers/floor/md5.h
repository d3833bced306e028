/* MD5 (RFC 1321), only to derive lock keys as golock and CronLock do; not for security. */
#ifndef FLOOR_MD5_H
#define FLOOR_MD5_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint32_t state[4];
    uint64_t length; /* bytes hashed so far */
    unsigned char block[64];
} md5_context;

void md5_init(md5_context *md5);
void md5_update(md5_context *md5, const void *data, size_t size);
void md5_final(md5_context *md5, unsigned char digest[16]);

#endif
