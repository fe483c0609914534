// OpenSSL's libcrypto (Debian libssl-dev): only the EVP message-digest interface.
#include <openssl/evp.h>
