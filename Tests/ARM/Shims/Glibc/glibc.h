/* As <sys/auxv.h> and <stdlib.h> declare them. */
unsigned long int getauxval(unsigned long int type);
char *getenv(const char *name);
