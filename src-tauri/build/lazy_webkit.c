/* Loads WebKit when the app first calls into it (the first window), not at start-up.
 *
 * build/lazy_webkit.rs generates, for each function WebKitGTK exports (webkit_*, and the jsc_*
 * of its JavaScriptCore), a stub in the binary that jumps through a slot. A slot starts at a
 * small thunk that calls lookout_webkit_load() below and then jumps on; the load fills every
 * slot with the real function. The linker then resolves the app's WebKit calls to the stubs, so
 * the binary does not need libwebkit2gtk at start and the dynamic linker neither maps nor
 * relocates it (nor the flite voices and JavaScriptCore it pulls in) until a window opens. */
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>

extern void *lookout_webkit_slots[];
extern char lookout_webkit_slots_end[];
extern const char *const lookout_webkit_names[];
extern const unsigned long lookout_webkit_count;
extern const char lookout_webkit_soname[];

static pthread_once_t loaded = PTHREAD_ONCE_INIT;
static void *webkit;

/* A function this build links against but the installed WebKit lacks: only calling it fails. */
static void missing(void) {
    fprintf(stderr, "lookout-desktop: a WebKit function this build uses is missing from %s\n",
            lookout_webkit_soname);
    abort();
}

static void load(void) {
    void *lib = dlopen(lookout_webkit_soname, RTLD_NOW | RTLD_GLOBAL);
    if (!lib) {
        fprintf(stderr, "lookout-desktop: could not load WebKit (%s): %s\n", lookout_webkit_soname,
                dlerror());
        abort();
    }
    for (unsigned long i = 0; i < lookout_webkit_count; i++) {
        void *f = dlsym(lib, lookout_webkit_names[i]);
        /* An aligned pointer store: a thread reading the slot sees the thunk or the function. */
        __atomic_store_n(&lookout_webkit_slots[i], f ? f : (void *)missing, __ATOMIC_RELEASE);
    }
    /* Function pointers in writable memory are a target; the slots have their own pages. */
    mprotect(lookout_webkit_slots, (size_t)(lookout_webkit_slots_end - (char *)lookout_webkit_slots),
             PROT_READ);
    __atomic_store_n(&webkit, lib, __ATOMIC_RELEASE);
}

__attribute__((visibility("hidden"))) void lookout_webkit_load(void) {
    pthread_once(&loaded, load);
}

/* wry asks WebKit's version when the app starts, only to learn that WebKit is installed (the
 * package depends on it). Loading it for that would undo the point, so until a window has loaded
 * WebKit these answer the version this binary was built against (pkg-config at build time). */
static unsigned int version(const char *name, unsigned int built) {
    void *lib = __atomic_load_n(&webkit, __ATOMIC_ACQUIRE);
    unsigned int (*f)(void) = lib ? (unsigned int (*)(void))dlsym(lib, name) : NULL;
    return f ? f() : built;
}

__attribute__((visibility("hidden"))) unsigned int webkit_get_major_version(void) {
    return version("webkit_get_major_version", LOOKOUT_WEBKIT_MAJOR);
}
__attribute__((visibility("hidden"))) unsigned int webkit_get_minor_version(void) {
    return version("webkit_get_minor_version", LOOKOUT_WEBKIT_MINOR);
}
__attribute__((visibility("hidden"))) unsigned int webkit_get_micro_version(void) {
    return version("webkit_get_micro_version", LOOKOUT_WEBKIT_MICRO);
}
