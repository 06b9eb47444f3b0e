/*
 * value.c: turning a reply's result into the caller's out-parameter.
 * Each take_* helper consumes the result reference; a NULL result means
 * the call was only queued in a pipeline, and then the out-parameter is
 * left alone.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "client.h"

/* Why a result cannot be taken as the type wanted. */
static int
wrong_type(mpmgr_t *m, json_t *res, const char *want)
{
    static const char *const names[] = {"an object",  "an array", "a string",
                                        "an integer", "a real",   "true",
                                        "false",      "null"};
    int rc = mpmgr__fail(m, MPMGR_ETYPE, "TypeError: the value is %s, not %s",
                         names[json_typeof(res)], want);

    json_decref(res);
    return rc;
}

int
mpmgr__take_value(json_t *res, json_t **out)
{
    if (res != NULL && out != NULL)
        *out = res;
    else
        json_decref(res);
    return 0;
}

int
mpmgr__take_null(mpmgr_t *m, json_t *res)
{
    json_decref(res);
    return 0;
}

int
mpmgr__take_bool(mpmgr_t *m, json_t *res, int *out)
{
    if (res == NULL)
        return 0;
    if (!json_is_boolean(res))
        return wrong_type(m, res, "a boolean");
    if (out != NULL)
        *out = json_is_true(res);
    json_decref(res);
    return 0;
}

int
mpmgr__take_int(mpmgr_t *m, json_t *res, int64_t *out)
{
    if (res == NULL)
        return 0;
    if (!json_is_integer(res))
        return wrong_type(m, res, "an integer");
    if (out != NULL)
        *out = json_integer_value(res);
    json_decref(res);
    return 0;
}

int
mpmgr__take_size(mpmgr_t *m, json_t *res, size_t *out)
{
    if (res == NULL)
        return 0;
    if (!json_is_integer(res) || json_integer_value(res) < 0)
        return wrong_type(m, res, "a count");
    if (out != NULL)
        *out = (size_t)json_integer_value(res);
    json_decref(res);
    return 0;
}

/* A string result, copied with malloc for the caller to free(). */
int
mpmgr__take_str(mpmgr_t *m, json_t *res, char **out)
{
    size_t len;
    char *s;

    if (res == NULL)
        return 0;
    if (!json_is_string(res))
        return wrong_type(m, res, "a string");
    len = json_string_length(res);
    if ((s = malloc(len + 1)) == NULL) {
        json_decref(res);
        return mpmgr__fail(m, MPMGR_ENOMEM, "out of memory");
    }
    memcpy(s, json_string_value(res), len + 1);
    json_decref(res);
    if (out != NULL)
        *out = s;
    else
        free(s);
    return 0;
}

int
mpmgr__take_array(mpmgr_t *m, json_t *res, json_t **out)
{
    if (res != NULL && !json_is_array(res))
        return wrong_type(m, res, "an array");
    return mpmgr__take_value(res, out);
}
