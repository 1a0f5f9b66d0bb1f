/*===- npy.c - Reading and writing .npy files ----------------------------===*
 *
 * The NumPy format: a magic string, a version, a header length, and a
 * Python-dict header giving 'descr' (dtype), 'fortran_order' and 'shape',
 * followed by the raw data. Only little-endian C-order arrays of the dtypes
 * in kiln_dtype are accepted; anything else is reported, not guessed.
 *
 *===----------------------------------------------------------------------===*/

#include "kiln/Runtime/kiln_runtime.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define KILN_NPY_MAX_RANK 16

static int fail(char *error, size_t size, const char *format, ...) {
  if (error && size) {
    va_list args;
    va_start(args, format);
    vsnprintf(error, size, format, args);
    va_end(args);
  }
  return -1;
}

static const struct {
  const char *descr;
  kiln_dtype dtype;
} kDescrs[] = {
    {"<f4", KILN_F32},
    {"<f8", KILN_F64},
    {"<f2", KILN_F16},
    {"<i8", KILN_I64},
    {"<i4", KILN_I32},
    {"|i1", KILN_I8},
    {"|b1", KILN_BOOL},
    {"|u1", KILN_U8},
    {"<u2", KILN_U16},
    {"<u4", KILN_U32},
    {"<u8", KILN_U64},
    {"<i2", KILN_I16},
    /* numpy has no bfloat16: its bits are 2-byte void elements, which is
     * how ml_dtypes' bfloat16 arrays save (`.view(np.uint16)` reads them). */
    {"|V2", KILN_BF16},
    {"<V2", KILN_BF16},
};

static const char *descr_of(int64_t dtype) {
  for (size_t i = 0; i < sizeof(kDescrs) / sizeof(kDescrs[0]); ++i)
    if ((int64_t)kDescrs[i].dtype == dtype)
      return kDescrs[i].descr;
  return NULL;
}

/* Finds the value text after 'key': in the header dict. */
static const char *find_key(const char *header, const char *key) {
  char quoted[32];
  snprintf(quoted, sizeof quoted, "'%s'", key);
  const char *at = strstr(header, quoted);
  if (!at)
    return NULL;
  at = strchr(at + strlen(quoted), ':');
  if (!at)
    return NULL;
  ++at;
  while (*at == ' ')
    ++at;
  return at;
}

static int parse_header(const char *header, kiln_tensor *tensor, int64_t *shape,
                        char *error, size_t size) {
  const char *descr = find_key(header, "descr");
  if (!descr || *descr != '\'')
    return fail(error, size, "header has no 'descr'");
  ++descr;
  const char *end = strchr(descr, '\'');
  if (!end || end - descr > 8)
    return fail(error, size, "malformed 'descr'");
  char text[9] = {0};
  memcpy(text, descr, (size_t)(end - descr));
  /* '<' and '|' both mean no byte order for one-byte types. */
  if (text[0] == '<' && (text[2] == '1') && text[3] == '\0')
    text[0] = '|';
  tensor->dtype = -1;
  for (size_t i = 0; i < sizeof(kDescrs) / sizeof(kDescrs[0]); ++i)
    if (strcmp(text, kDescrs[i].descr) == 0)
      tensor->dtype = kDescrs[i].dtype;
  if (tensor->dtype < 0)
    return fail(error, size,
                "unsupported dtype '%s' (expected little-endian f32, f64, "
                "f16, i64, i32, i8 or bool)",
                text);

  const char *order = find_key(header, "fortran_order");
  if (!order)
    return fail(error, size, "header has no 'fortran_order'");
  if (strncmp(order, "False", 5) != 0)
    return fail(error, size, "Fortran-order arrays are not supported");

  const char *dims = find_key(header, "shape");
  if (!dims || *dims != '(')
    return fail(error, size, "header has no 'shape'");
  ++dims;
  int64_t rank = 0;
  while (*dims && *dims != ')') {
    while (*dims == ' ' || *dims == ',')
      ++dims;
    if (*dims == ')')
      break;
    char *after;
    errno = 0;
    long long dim = strtoll(dims, &after, 10);
    if (after == dims || errno || dim < 0)
      return fail(error, size, "malformed 'shape'");
    if (rank == KILN_NPY_MAX_RANK)
      return fail(error, size, "rank above %d", KILN_NPY_MAX_RANK);
    shape[rank++] = dim;
    dims = after;
  }
  if (*dims != ')')
    return fail(error, size, "malformed 'shape'");
  tensor->rank = rank;
  return 0;
}

/* Reads one .npy image from `file`: all of the rest of the file when
 * `limit` is 0, else exactly `limit` bytes (an .npz member). */
static int read_npy(FILE *file, size_t limit, kiln_tensor *tensor, char *error,
                    size_t error_size) {
  memset(tensor, 0, sizeof *tensor);
  unsigned char prefix[10];
  int status = -1;
  char *header = NULL;
  int64_t shape[KILN_NPY_MAX_RANK];
  size_t used = 8;
  if (fread(prefix, 1, 8, file) != 8 || memcmp(prefix, "\x93NUMPY", 6) != 0) {
    fail(error, error_size, "not a .npy file (bad magic)");
    goto done;
  }
  size_t header_length;
  if (prefix[6] == 1) {
    if (fread(prefix, 1, 2, file) != 2) {
      fail(error, error_size, "truncated header");
      goto done;
    }
    header_length = (size_t)prefix[0] | ((size_t)prefix[1] << 8);
    used += 2;
  } else if (prefix[6] == 2 || prefix[6] == 3) {
    if (fread(prefix, 1, 4, file) != 4) {
      fail(error, error_size, "truncated header");
      goto done;
    }
    header_length = (size_t)prefix[0] | ((size_t)prefix[1] << 8) |
                    ((size_t)prefix[2] << 16) | ((size_t)prefix[3] << 24);
    used += 4;
  } else {
    fail(error, error_size, "unsupported .npy version %d", prefix[6]);
    goto done;
  }
  if (header_length > (1u << 20) || (limit && used + header_length > limit)) {
    fail(error, error_size, "header too long");
    goto done;
  }
  header = malloc(header_length + 1);
  if (!header || fread(header, 1, header_length, file) != header_length) {
    fail(error, error_size, "truncated header");
    goto done;
  }
  used += header_length;
  header[header_length] = '\0';
  if (parse_header(header, tensor, shape, error, error_size) != 0)
    goto done;

  /* Sizes from the header are checked before anything is allocated: a
   * corrupt shape must not turn into a huge or wrapped allocation. */
  size_t elements = 1, element_size = kiln_dtype_size(tensor->dtype);
  if (!element_size) {
    fail(error, error_size, "unknown dtype");
    goto done;
  }
  for (int64_t i = 0; i < tensor->rank; ++i) {
    if (shape[i] < 0 ||
        (shape[i] && elements > SIZE_MAX / element_size / (size_t)shape[i])) {
      fail(error, error_size, "shape too large");
      goto done;
    }
    elements *= (size_t)shape[i];
  }
  size_t bytes = elements * element_size;
  /* A plain file's size bounds the data too, before anything is allocated:
   * a header may name a shape of petabytes. */
  if (!limit) {
    long here = ftell(file);
    if (here < 0 || fseek(file, 0, SEEK_END) != 0) {
      fail(error, error_size, "cannot determine the file's size");
      goto done;
    }
    long end = ftell(file);
    if (end < here || fseek(file, here, SEEK_SET) != 0) {
      fail(error, error_size, "cannot determine the file's size");
      goto done;
    }
    size_t available = (size_t)(end - here);
    if (bytes > available) {
      fail(error, error_size,
           "truncated data (expected %zu bytes, the file has %zu)", bytes,
           available);
      goto done;
    }
  }
  if (limit && bytes != limit - used) {
    fail(error, error_size,
         "truncated data (expected %zu bytes, the member has %zu)", bytes,
         limit - used);
    goto done;
  }
  int64_t *shape_copy = malloc(sizeof(int64_t) * (size_t)(tensor->rank + 1));
  void *data = malloc(bytes ? bytes : 1);
  if (!shape_copy || !data) {
    free(shape_copy);
    free(data);
    fail(error, error_size, "out of memory (%zu bytes)", bytes);
    goto done;
  }
  memcpy(shape_copy, shape, sizeof(int64_t) * (size_t)tensor->rank);
  tensor->shape = shape_copy;
  tensor->data = data;
  if (fread(data, 1, bytes, file) != bytes) {
    kiln_npy_free(tensor);
    fail(error, error_size, "truncated data (expected %zu bytes)", bytes);
    goto done;
  }
  if (!limit && fgetc(file) != EOF) {
    kiln_npy_free(tensor);
    fail(error, error_size, "trailing bytes after the data");
    goto done;
  }
  status = 0;
done:
  free(header);
  return status;
}

int kiln_npy_read(const char *path, kiln_tensor *tensor, char *error,
                  size_t error_size) {
  memset(tensor, 0, sizeof *tensor);
  FILE *file = fopen(path, "rb");
  if (!file)
    return fail(error, error_size, "cannot open: %s", strerror(errno));
  int status = read_npy(file, 0, tensor, error, error_size);
  fclose(file);
  return status;
}

void kiln_npy_free(kiln_tensor *tensor) {
  free((void *)tensor->shape);
  free(tensor->data);
  tensor->shape = NULL;
  tensor->data = NULL;
}

/* The .npy header of `tensor` (magic, version, dictionary, padding to a
 * multiple of 64 bytes) into `out` (at least KILN_NPY_HEADER_MAX bytes);
 * returns its length, or 0 when the dtype has no .npy form. */
size_t kiln_npy_header(const kiln_tensor *tensor, char *out) {
  const char *descr = descr_of(tensor->dtype);
  if (!descr)
    return 0;
  char dict[512];
  int length =
      snprintf(dict, sizeof dict,
               "{'descr': '%s', 'fortran_order': False, 'shape': (", descr);
  for (int64_t i = 0; i < tensor->rank; ++i)
    length +=
        snprintf(dict + length, sizeof dict - (size_t)length, "%lld,%s",
                 (long long)tensor->shape[i], i + 1 < tensor->rank ? " " : "");
  length += snprintf(dict + length, sizeof dict - (size_t)length, "), }");
  /* Pad with spaces so that magic + 4 + header is a multiple of 64 and the
   * header ends with a newline. */
  size_t total = 10 + (size_t)length + 1;
  size_t padded = (total + 63) / 64 * 64;
  size_t header_length = padded - 10;
  unsigned char prefix[10] = {0x93,
                              'N',
                              'U',
                              'M',
                              'P',
                              'Y',
                              1,
                              0,
                              (unsigned char)(header_length & 0xff),
                              (unsigned char)(header_length >> 8)};
  memcpy(out, prefix, 10);
  memcpy(out + 10, dict, (size_t)length);
  memset(out + 10 + length, ' ', padded - 10 - (size_t)length - 1);
  out[padded - 1] = '\n';
  return padded;
}

size_t kiln_tensor_bytes(const kiln_tensor *tensor) {
  size_t elements = 1;
  for (int64_t i = 0; i < tensor->rank; ++i)
    elements *= (size_t)tensor->shape[i];
  return elements * kiln_dtype_size(tensor->dtype);
}

/* Opens `path`.tmp<pid> for writing; the caller renames it into place. */
static FILE *open_temporary(const char *path, char **temp, char *error,
                            size_t error_size) {
  size_t path_length = strlen(path);
  *temp = malloc(path_length + 16);
  if (!*temp) {
    fail(error, error_size, "out of memory");
    return NULL;
  }
  snprintf(*temp, path_length + 16, "%s.tmp%d", path, (int)getpid());
  FILE *file = fopen(*temp, "wb");
  if (!file) {
    int code = errno;
    free(*temp);
    *temp = NULL;
    fail(error, error_size, "cannot write %s: %s", path, strerror(code));
  }
  return file;
}

/* Closes `file` and renames `temp` to `path` when everything went well;
 * otherwise removes `temp`. Frees `temp`. */
static int finish_temporary(FILE *file, char *temp, const char *path, int ok,
                            char *error, size_t error_size) {
  /* On disk before the rename, so that the new name never points at data
   * the system has not written (checkpoints survive a crash). */
  ok = ok && fflush(file) == 0 && fsync(fileno(file)) == 0;
  ok = (fclose(file) == 0) && ok;
  if (!ok || rename(temp, path) != 0) {
    int code = errno;
    remove(temp);
    free(temp);
    return fail(error, error_size, "cannot write %s: %s", path, strerror(code));
  }
  free(temp);
  return 0;
}

int kiln_npy_write(const char *path, const kiln_tensor *tensor, char *error,
                   size_t error_size) {
  char header[KILN_NPY_HEADER_MAX];
  size_t header_length = kiln_npy_header(tensor, header);
  if (!header_length)
    return fail(error, error_size, "dtype %s has no .npy form",
                kiln_dtype_name(tensor->dtype));
  char *temp;
  FILE *file = open_temporary(path, &temp, error, error_size);
  if (!file)
    return -1;
  size_t bytes = kiln_tensor_bytes(tensor);
  int ok = fwrite(header, 1, header_length, file) == header_length &&
           fwrite(tensor->data, 1, bytes, file) == bytes;
  return finish_temporary(file, temp, path, ok, error, error_size);
}

/* --- .npz: a zip archive of stored (uncompressed) .npy members ---------- */

static uint32_t crc32_update(uint32_t crc, const void *data, size_t size) {
  const unsigned char *bytes = data;
  crc = ~crc;
  for (size_t i = 0; i < size; ++i) {
    crc ^= bytes[i];
    for (int bit = 0; bit < 8; ++bit)
      crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}

static int put16(FILE *file, uint32_t value) {
  return fputc((int)(value & 0xff), file) != EOF &&
         fputc((int)((value >> 8) & 0xff), file) != EOF;
}

static int put32(FILE *file, uint32_t value) {
  return put16(file, value & 0xffff) && put16(file, value >> 16);
}

/* A zip local header (kind 0x04034b50) or central directory entry
 * (0x02014b50) for a stored member. */
static int put_zip_entry(FILE *file, int central, const char *name,
                         uint32_t crc, uint32_t size, uint32_t offset) {
  size_t name_length = strlen(name);
  int ok = put32(file, central ? 0x02014b50u : 0x04034b50u);
  if (central)
    ok = ok && put16(file, 20); /* made by */
  ok = ok && put16(file, 20) && put16(file, 0) && put16(file, 0) &&
       put16(file, 0) &&
       put16(file, 0x21) && /* version, flags, stored, time, date */
       put32(file, crc) && put32(file, size) && put32(file, size) &&
       put16(file, (uint32_t)name_length) && put16(file, 0);
  if (central)
    ok = ok && put16(file, 0) && put16(file, 0) && put16(file, 0) &&
         put32(file, 0) && put32(file, offset);
  return ok && fwrite(name, 1, name_length, file) == name_length;
}

int kiln_npz_write(const char *path, const kiln_tensor *tensors,
                   const char *const *names, int64_t count, char *error,
                   size_t error_size) {
  uint32_t *crcs = calloc((size_t)count + 1, sizeof(uint32_t));
  uint32_t *sizes = calloc((size_t)count + 1, sizeof(uint32_t));
  uint32_t *offsets = calloc((size_t)count + 1, sizeof(uint32_t));
  char **members = calloc((size_t)count + 1, sizeof(char *));
  char header[KILN_NPY_HEADER_MAX];
  int status = -1;
  char *temp = NULL;
  FILE *file = NULL;
  if (!crcs || !sizes || !offsets || !members) {
    fail(error, error_size, "out of memory");
    goto done;
  }
  for (int64_t i = 0; i < count; ++i) {
    size_t length = strlen(names[i]) + 5;
    members[i] = malloc(length);
    if (!members[i]) {
      fail(error, error_size, "out of memory");
      goto done;
    }
    snprintf(members[i], length, "%s.npy", names[i]);
    size_t header_length = kiln_npy_header(&tensors[i], header);
    if (!header_length) {
      fail(error, error_size, "%s: dtype %s has no .npy form", names[i],
           kiln_dtype_name(tensors[i].dtype));
      goto done;
    }
    size_t bytes = kiln_tensor_bytes(&tensors[i]);
    if (header_length + bytes > 0xffffffffu) {
      fail(error, error_size, "%s is larger than 4 GiB (no zip64 support)",
           names[i]);
      goto done;
    }
    crcs[i] = crc32_update(crc32_update(0, header, header_length),
                           tensors[i].data, bytes);
    sizes[i] = (uint32_t)(header_length + bytes);
  }
  file = open_temporary(path, &temp, error, error_size);
  if (!file)
    goto done;
  int ok = 1;
  for (int64_t i = 0; ok && i < count; ++i) {
    offsets[i] = (uint32_t)ftell(file);
    size_t header_length = kiln_npy_header(&tensors[i], header);
    size_t bytes = kiln_tensor_bytes(&tensors[i]);
    ok = put_zip_entry(file, 0, members[i], crcs[i], sizes[i], 0) &&
         fwrite(header, 1, header_length, file) == header_length &&
         fwrite(tensors[i].data, 1, bytes, file) == bytes;
  }
  uint32_t directory = (uint32_t)ftell(file);
  for (int64_t i = 0; ok && i < count; ++i)
    ok = put_zip_entry(file, 1, members[i], crcs[i], sizes[i], offsets[i]);
  uint32_t directory_size = (uint32_t)ftell(file) - directory;
  ok = ok && put32(file, 0x06054b50u) && put16(file, 0) && put16(file, 0) &&
       put16(file, (uint32_t)count) && put16(file, (uint32_t)count) &&
       put32(file, directory_size) && put32(file, directory) && put16(file, 0);
  status = finish_temporary(file, temp, path, ok, error, error_size);
done:
  for (int64_t i = 0; members && i < count; ++i)
    free(members[i]);
  free(members);
  free(crcs);
  free(sizes);
  free(offsets);
  return status;
}

static int get16(FILE *file, uint32_t *value) {
  unsigned char bytes[2];
  if (fread(bytes, 1, 2, file) != 2)
    return 0;
  *value = (uint32_t)bytes[0] | ((uint32_t)bytes[1] << 8);
  return 1;
}

static int get32(FILE *file, uint32_t *value) {
  uint32_t low, high;
  if (!get16(file, &low) || !get16(file, &high))
    return 0;
  *value = low | (high << 16);
  return 1;
}

void kiln_npz_free(int64_t count, char **names, kiln_tensor *tensors) {
  for (int64_t i = 0; i < count; ++i) {
    if (names)
      free(names[i]);
    if (tensors)
      kiln_npy_free(&tensors[i]);
  }
  free(names);
  free(tensors);
}

int kiln_npz_read(const char *path, int64_t *count, char ***names,
                  kiln_tensor **tensors, char *error, size_t error_size) {
  *count = 0;
  *names = NULL;
  *tensors = NULL;
  FILE *file = fopen(path, "rb");
  if (!file)
    return fail(error, error_size, "cannot open: %s", strerror(errno));
  int status = -1;
  int64_t n = 0, capacity = 0;
  char **member_names = NULL;
  kiln_tensor *members = NULL;
  for (;;) {
    uint32_t signature;
    if (!get32(file, &signature)) {
      fail(error, error_size, "truncated archive (no central directory)");
      goto done;
    }
    if (signature == 0x02014b50u || signature == 0x06054b50u)
      break; /* the central directory: every member has been read */
    uint32_t version, flags, method, time, date, crc, compressed, size,
        name_length, extra_length;
    if (signature != 0x04034b50u) {
      fail(error, error_size, "not an .npz (zip) file");
      goto done;
    }
    if (!get16(file, &version) || !get16(file, &flags) ||
        !get16(file, &method) || !get16(file, &time) || !get16(file, &date) ||
        !get32(file, &crc) || !get32(file, &compressed) ||
        !get32(file, &size) || !get16(file, &name_length) ||
        !get16(file, &extra_length)) {
      fail(error, error_size, "truncated member header");
      goto done;
    }
    if (method != 0 || (flags & 8) || compressed != size) {
      fail(error, error_size,
           "member %lld is compressed; Kiln reads uncompressed archives "
           "(numpy.savez, not savez_compressed)",
           (long long)n);
      goto done;
    }
    if (n == capacity) {
      capacity = capacity ? 2 * capacity : 8;
      char **grown_names = realloc(member_names, sizeof(char *) * capacity);
      if (grown_names)
        member_names = grown_names;
      kiln_tensor *grown = realloc(members, sizeof(kiln_tensor) * capacity);
      if (grown)
        members = grown;
      if (!grown_names || !grown) {
        fail(error, error_size, "out of memory");
        goto done;
      }
    }
    char *name = malloc(name_length + 1);
    if (!name || fread(name, 1, name_length, file) != name_length ||
        fseek(file, (long)extra_length, SEEK_CUR) != 0) {
      free(name);
      fail(error, error_size, "truncated member name");
      goto done;
    }
    name[name_length] = '\0';
    if (name_length > 4 && strcmp(name + name_length - 4, ".npy") == 0)
      name[name_length - 4] = '\0';
    member_names[n] = name;
    long start = ftell(file);
    char member_error[256];
    if (read_npy(file, size, &members[n], member_error, sizeof member_error) !=
        0) {
      fail(error, error_size, "member '%s': %s", name, member_error);
      free(name); /* not counted in n: kiln_npz_free does not see it */
      goto done;
    }
    /* The data must be what was written: a torn or corrupted archive is
     * rejected, not loaded. */
    uint32_t actual = 0;
    if (fseek(file, start, SEEK_SET) == 0) {
      char buffer[4096];
      for (uint32_t left = size; left;) {
        size_t chunk = left < sizeof buffer ? left : sizeof buffer;
        if (fread(buffer, 1, chunk, file) != chunk)
          break;
        actual = crc32_update(actual, buffer, chunk);
        left -= (uint32_t)chunk;
      }
    }
    ++n;
    if (actual != crc) {
      fail(error, error_size, "member '%s' is corrupt (CRC mismatch)",
           member_names[n - 1]);
      goto done;
    }
  }
  *count = n;
  *names = member_names;
  *tensors = members;
  member_names = NULL;
  members = NULL;
  n = 0;
  status = 0;
done:
  kiln_npz_free(n, member_names, members);
  fclose(file);
  return status;
}
