// N-API addon: the heavy float32 kernels of the `native` tfjs backend (sgemm, im2col convolutions, fused Adam),
// over an OpenBLAS found at run time with dlopen, so the build needs no BLAS headers and a missing BLAS is a clean
// "unavailable" instead of a load failure.
#define NAPI_VERSION 8
#include <node_api.h>

#include <dlfcn.h>
#include <malloc.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// CBLAS constants and the one prototype we need, declared here because Debian's runtime package ships no headers.
enum { CBLAS_ROW_MAJOR = 101, CBLAS_NO_TRANS = 111, CBLAS_TRANS = 112 };
typedef void (*sgemm_fn)(int order, int trans_a, int trans_b, int m, int n, int k, float alpha, const float *a, int lda,
                         const float *b, int ldb, float beta, float *c, int ldc);
typedef void (*set_threads_fn)(int);
typedef int (*get_threads_fn)(void);
typedef char *(*get_config_fn)(void);

static pthread_once_t blas_once = PTHREAD_ONCE_INIT;
static sgemm_fn blas_sgemm = NULL;
static set_threads_fn blas_set_threads = NULL;
static get_threads_fn blas_get_threads = NULL;
static char blas_description[512] = "";
static char blas_failure[1024] = "";
// Threads for the addon's own memory-bound loops; set with the BLAS thread count.
static int elementwise_threads = 1;

// Tried in order: the OpenBLAS runtime first (Debian's libopenblas0-pthread), then whatever libblas.so.3 the
// alternatives system points at (it exports cblas_sgemm when it is OpenBLAS or BLIS).
static const char *const blas_candidates[] = {"libopenblas.so.0", "libopenblas.so", "libblas.so.3"};

static void load_blas(void) {
  size_t used = 0;
  for (size_t i = 0; i < sizeof(blas_candidates) / sizeof(blas_candidates[0]); i++) {
    void *handle = dlopen(blas_candidates[i], RTLD_NOW | RTLD_LOCAL);
    if (handle == NULL) {
      const char *why = dlerror();
      used += (size_t)snprintf(blas_failure + used, used < sizeof(blas_failure) ? sizeof(blas_failure) - used : 0,
                               "%s%s", used ? "; " : "", why ? why : blas_candidates[i]);
      continue;
    }
    sgemm_fn sgemm = (sgemm_fn)dlsym(handle, "cblas_sgemm");
    if (sgemm == NULL) {
      used += (size_t)snprintf(blas_failure + used, used < sizeof(blas_failure) ? sizeof(blas_failure) - used : 0,
                               "%s%s has no cblas_sgemm", used ? "; " : "", blas_candidates[i]);
      dlclose(handle);
      continue;
    }
    blas_sgemm = sgemm;
    blas_set_threads = (set_threads_fn)dlsym(handle, "openblas_set_num_threads");
    blas_get_threads = (get_threads_fn)dlsym(handle, "openblas_get_num_threads");
    get_config_fn get_config = (get_config_fn)dlsym(handle, "openblas_get_config");
    snprintf(blas_description, sizeof(blas_description), "%s (%s)", blas_candidates[i],
             get_config ? get_config() : "no openblas_get_config");
    blas_failure[0] = '\0';
    return;
  }
}

static int blas_ready(void) {
  pthread_once(&blas_once, load_blas);
  return blas_sgemm != NULL;
}

// ---------------------------------------------------------------------------------------------------------------
// A minimal parallel-for for the memory-bound kernels: the range is cut into one slice per thread, the caller runs the
// first. Thread start-up costs ~20 µs, so a range is only split when every thread gets at least `min_per_thread`
// items (PARALLEL_MIN elements for elementwise work; kernels with heavier items pass a smaller count).

#define PARALLEL_MIN ((int64_t)1 << 17)

typedef void (*range_fn)(void *ctx, int64_t begin, int64_t end);
typedef struct {
  range_fn fn;
  void *ctx;
  int64_t begin, end;
} range_task;

static void *run_range_task(void *arg) {
  range_task *task = (range_task *)arg;
  task->fn(task->ctx, task->begin, task->end);
  return NULL;
}

static void parallel_for_min(int64_t n, int64_t min_per_thread, range_fn fn, void *ctx) {
  int threads = elementwise_threads;
  if (threads > 8) threads = 8;
  if (min_per_thread < 1) min_per_thread = 1;
  if (threads > n / min_per_thread) threads = (int)(n / min_per_thread);
  if (threads < 2) {
    fn(ctx, 0, n);
    return;
  }
  range_task tasks[8];
  pthread_t ids[8];
  int started[8] = {0};
  const int64_t slice = (n + threads - 1) / threads;
  for (int t = 1; t < threads; t++) {
    const int64_t begin = t * slice < n ? t * slice : n;
    tasks[t] = (range_task){fn, ctx, begin, (t + 1) * slice < n ? (t + 1) * slice : n};
    started[t] = pthread_create(&ids[t], NULL, run_range_task, &tasks[t]) == 0;
    if (!started[t]) fn(ctx, tasks[t].begin, tasks[t].end);  // no thread: do that slice here
  }
  fn(ctx, 0, slice < n ? slice : n);
  for (int t = 1; t < threads; t++)
    if (started[t]) pthread_join(ids[t], NULL);
}

static void parallel_for(int64_t n, range_fn fn, void *ctx) { parallel_for_min(n, PARALLEL_MIN, fn, ctx); }

// ---------------------------------------------------------------------------------------------------------------
// Argument helpers: every failure throws a JS error naming the argument, and the caller returns NULL.

#define CHECK_NAPI(call)                                                                                           \
  do {                                                                                                             \
    if ((call) != napi_ok) {                                                                                       \
      napi_throw_error(env, NULL, "ml_native: N-API call failed: " #call);                                         \
      return NULL;                                                                                                 \
    }                                                                                                              \
  } while (0)

static int arg_f32(napi_env env, napi_value value, const char *name, float **data, size_t *length) {
  bool is_typed = false;
  if (napi_is_typedarray(env, value, &is_typed) != napi_ok || !is_typed) {
    char message[160];
    snprintf(message, sizeof(message), "ml_native: %s must be a Float32Array", name);
    napi_throw_type_error(env, NULL, message);
    return 0;
  }
  napi_typedarray_type type;
  void *raw = NULL;
  if (napi_get_typedarray_info(env, value, &type, length, &raw, NULL, NULL) != napi_ok || type != napi_float32_array) {
    char message[160];
    snprintf(message, sizeof(message), "ml_native: %s must be a Float32Array", name);
    napi_throw_type_error(env, NULL, message);
    return 0;
  }
  *data = (float *)raw;
  return 1;
}

static int arg_int(napi_env env, napi_value value, const char *name, int64_t *out) {
  if (napi_get_value_int64(env, value, out) != napi_ok) {
    char message[160];
    snprintf(message, sizeof(message), "ml_native: %s must be a number", name);
    napi_throw_type_error(env, NULL, message);
    return 0;
  }
  return 1;
}

static int arg_double(napi_env env, napi_value value, const char *name, double *out) {
  if (napi_get_value_double(env, value, out) != napi_ok) {
    char message[160];
    snprintf(message, sizeof(message), "ml_native: %s must be a number", name);
    napi_throw_type_error(env, NULL, message);
    return 0;
  }
  return 1;
}

static int require_length(napi_env env, const char *name, size_t have, int64_t need) {
  if (need < 0 || (uint64_t)have < (uint64_t)need) {
    char message[200];
    snprintf(message, sizeof(message), "ml_native: %s holds %zu floats, needs %lld", name, have, (long long)need);
    napi_throw_range_error(env, NULL, message);
    return 0;
  }
  return 1;
}

static int require_blas(napi_env env) {
  if (blas_ready()) return 1;
  char message[1200];
  snprintf(message, sizeof(message), "ml_native: no BLAS loaded: %s", blas_failure);
  napi_throw_error(env, NULL, message);
  return 0;
}

// ---------------------------------------------------------------------------------------------------------------
// status() -> { ok, reason?, blas?, threads? }

static napi_value js_status(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value result, value;
  CHECK_NAPI(napi_create_object(env, &result));
  int ok = blas_ready();
  CHECK_NAPI(napi_get_boolean(env, ok, &value));
  CHECK_NAPI(napi_set_named_property(env, result, "ok", value));
  if (ok) {
    CHECK_NAPI(napi_create_string_utf8(env, blas_description, NAPI_AUTO_LENGTH, &value));
    CHECK_NAPI(napi_set_named_property(env, result, "blas", value));
    CHECK_NAPI(napi_create_int32(env, blas_get_threads ? blas_get_threads() : 1, &value));
    CHECK_NAPI(napi_set_named_property(env, result, "threads", value));
  } else {
    CHECK_NAPI(napi_create_string_utf8(env, blas_failure, NAPI_AUTO_LENGTH, &value));
    CHECK_NAPI(napi_set_named_property(env, result, "reason", value));
  }
  return result;
}

// setThreads(n) -> threads now in use (1 when the BLAS has no thread control)
static napi_value js_set_threads(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  CHECK_NAPI(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  int64_t threads;
  if (argc < 1 || !arg_int(env, argv[0], "threads", &threads)) return NULL;
  if (threads < 1 || threads > 256) {
    napi_throw_range_error(env, NULL, "ml_native: threads must be between 1 and 256");
    return NULL;
  }
  if (!require_blas(env)) return NULL;
  if (blas_set_threads) blas_set_threads((int)threads);
  elementwise_threads = (int)threads;
  napi_value result;
  CHECK_NAPI(napi_create_int32(env, blas_get_threads ? blas_get_threads() : 1, &result));
  return result;
}

// ---------------------------------------------------------------------------------------------------------------
// matMul(a, b, out, batchA, batchB, m, n, k, transposeA, transposeB)
// out[batch, m, n] = op(a[batch % batchA]) · op(b[batch % batchB]); batchA and batchB are equal or one of them is 1.

static napi_value js_mat_mul(napi_env env, napi_callback_info info) {
  size_t argc = 10;
  napi_value argv[10];
  CHECK_NAPI(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 10) {
    napi_throw_type_error(env, NULL, "ml_native: matMul takes 10 arguments");
    return NULL;
  }
  float *a, *b, *out;
  size_t a_len, b_len, out_len;
  int64_t batch_a, batch_b, m, n, k;
  bool trans_a, trans_b;
  if (!arg_f32(env, argv[0], "a", &a, &a_len) || !arg_f32(env, argv[1], "b", &b, &b_len) ||
      !arg_f32(env, argv[2], "out", &out, &out_len) || !arg_int(env, argv[3], "batchA", &batch_a) ||
      !arg_int(env, argv[4], "batchB", &batch_b) || !arg_int(env, argv[5], "m", &m) || !arg_int(env, argv[6], "n", &n) ||
      !arg_int(env, argv[7], "k", &k))
    return NULL;
  CHECK_NAPI(napi_get_value_bool(env, argv[8], &trans_a));
  CHECK_NAPI(napi_get_value_bool(env, argv[9], &trans_b));
  if (batch_a < 1 || batch_b < 1 || (batch_a != batch_b && batch_a != 1 && batch_b != 1)) {
    napi_throw_range_error(env, NULL, "ml_native: batchA and batchB must be equal or one of them 1");
    return NULL;
  }
  int64_t batch = batch_a > batch_b ? batch_a : batch_b;
  if (!require_length(env, "a", a_len, batch_a * m * k) || !require_length(env, "b", b_len, batch_b * k * n) ||
      !require_length(env, "out", out_len, batch * m * n) || !require_blas(env))
    return NULL;
  if (m == 0 || n == 0) return NULL;
  if (k == 0) {
    memset(out, 0, (size_t)(batch * m * n) * sizeof(float));
    return NULL;
  }
  int ta = trans_a ? CBLAS_TRANS : CBLAS_NO_TRANS;
  int tb = trans_b ? CBLAS_TRANS : CBLAS_NO_TRANS;
  int lda = trans_a ? (int)m : (int)k;
  int ldb = trans_b ? (int)k : (int)n;
  if (batch_b == 1 && !trans_a) {
    // Row-major A matrices stacked on the batch axis form one tall matrix: one large sgemm instead of many small ones.
    blas_sgemm(CBLAS_ROW_MAJOR, ta, tb, (int)(batch_a * m), (int)n, (int)k, 1.0f, a, lda, b, ldb, 0.0f, out, (int)n);
    return NULL;
  }
  for (int64_t i = 0; i < batch; i++) {
    const float *ai = a + (batch_a == 1 ? 0 : i) * m * k;
    const float *bi = b + (batch_b == 1 ? 0 : i) * k * n;
    blas_sgemm(CBLAS_ROW_MAJOR, ta, tb, (int)m, (int)n, (int)k, 1.0f, ai, lda, bi, ldb, 0.0f, out + i * m * n, (int)n);
  }
  return NULL;
}

// ---------------------------------------------------------------------------------------------------------------
// biasActivation(x, bias|null, rows, cols, activation, alpha): in place, x[r, c] = act(x[r, c] + bias[c]).
// activation: 0 linear, 1 relu, 2 relu6, 3 leakyrelu (alpha), 4 sigmoid, 5 elu.

static inline float activate(float x, int activation, float alpha) {
  switch (activation) {
    case 1: return x > 0.0f ? x : 0.0f;
    case 2: return x < 0.0f ? 0.0f : (x > 6.0f ? 6.0f : x);
    case 3: return x < 0.0f ? alpha * x : x;
    case 4: return 1.0f / (1.0f + expf(-x));
    case 5: return x < 0.0f ? expf(x) - 1.0f : x;
    default: return x;
  }
}

static napi_value js_bias_activation(napi_env env, napi_callback_info info) {
  size_t argc = 6;
  napi_value argv[6];
  CHECK_NAPI(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 6) {
    napi_throw_type_error(env, NULL, "ml_native: biasActivation takes 6 arguments");
    return NULL;
  }
  float *x, *bias = NULL;
  size_t x_len, bias_len = 0;
  int64_t rows, cols, activation;
  double alpha;
  napi_valuetype bias_type;
  CHECK_NAPI(napi_typeof(env, argv[1], &bias_type));
  if (!arg_f32(env, argv[0], "x", &x, &x_len)) return NULL;
  if (bias_type != napi_null && !arg_f32(env, argv[1], "bias", &bias, &bias_len)) return NULL;
  if (!arg_int(env, argv[2], "rows", &rows) || !arg_int(env, argv[3], "cols", &cols) ||
      !arg_int(env, argv[4], "activation", &activation) || !arg_double(env, argv[5], "alpha", &alpha))
    return NULL;
  if (!require_length(env, "x", x_len, rows * cols) || (bias && !require_length(env, "bias", bias_len, cols))) return NULL;
  const int act = (int)activation;
  const float a = (float)alpha;
  for (int64_t r = 0; r < rows; r++) {
    float *row = x + r * cols;
    if (bias) {
      for (int64_t c = 0; c < cols; c++) row[c] = activate(row[c] + bias[c], act, a);
    } else if (act != 0) {
      for (int64_t c = 0; c < cols; c++) row[c] = activate(row[c], act, a);
    }
  }
  return NULL;
}

// ---------------------------------------------------------------------------------------------------------------
// adamStep(variable, gradient, m, v, learningRate, beta1, beta2, epsilon, l2Decay, decoupledDecay, step)
// In place, one pass over memory: the same arithmetic as Adam (L2 decay folded into the gradient) and AdamW
// (decoupled decay subtracted from the weight), with bias correction for update number `step`.

typedef struct {
  float *w;
  const float *g;
  float *m, *v;
  float b1, b2, one_minus_b1, one_minus_b2, m_scale, v_scale, rate, epsilon, l2_decay, decay;
} adam_task;

static void adam_range(void *arg, int64_t begin, int64_t end) {
  const adam_task *t = (const adam_task *)arg;
  float *w = t->w, *m = t->m, *v = t->v;
  const float *g = t->g;
  for (int64_t i = begin; i < end; i++) {
    const float weight = w[i];
    const float grad = g[i] + t->l2_decay * weight;
    const float mi = t->b1 * m[i] + t->one_minus_b1 * grad;
    const float vi = t->b2 * v[i] + t->one_minus_b2 * grad * grad;
    m[i] = mi;
    v[i] = vi;
    w[i] = weight - (t->rate * (mi * t->m_scale) / (sqrtf(vi * t->v_scale) + t->epsilon) + t->decay * weight);
  }
}

static napi_value js_adam_step(napi_env env, napi_callback_info info) {
  size_t argc = 11;
  napi_value argv[11];
  CHECK_NAPI(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 11) {
    napi_throw_type_error(env, NULL, "ml_native: adamStep takes 11 arguments");
    return NULL;
  }
  float *w, *g, *m, *v;
  size_t w_len, g_len, m_len, v_len;
  double lr, beta1, beta2, eps, l2, decoupled;
  int64_t step;
  if (!arg_f32(env, argv[0], "variable", &w, &w_len) || !arg_f32(env, argv[1], "gradient", &g, &g_len) ||
      !arg_f32(env, argv[2], "m", &m, &m_len) || !arg_f32(env, argv[3], "v", &v, &v_len) ||
      !arg_double(env, argv[4], "learningRate", &lr) || !arg_double(env, argv[5], "beta1", &beta1) ||
      !arg_double(env, argv[6], "beta2", &beta2) || !arg_double(env, argv[7], "epsilon", &eps) ||
      !arg_double(env, argv[8], "l2Decay", &l2) || !arg_double(env, argv[9], "decoupledDecay", &decoupled) ||
      !arg_int(env, argv[10], "step", &step))
    return NULL;
  if (!require_length(env, "gradient", g_len, (int64_t)w_len) || !require_length(env, "m", m_len, (int64_t)w_len) ||
      !require_length(env, "v", v_len, (int64_t)w_len))
    return NULL;
  if (step < 1) {
    napi_throw_range_error(env, NULL, "ml_native: step must be >= 1");
    return NULL;
  }
  adam_task task = {w, g, m, v, (float)beta1, (float)beta2, (float)(1.0 - beta1), (float)(1.0 - beta2),
                    (float)(1.0 / (1.0 - pow(beta1, (double)step))), (float)(1.0 / (1.0 - pow(beta2, (double)step))),
                    (float)lr, (float)eps, (float)l2, (float)(lr * decoupled)};
  parallel_for((int64_t)w_len, adam_range, &task);
  return NULL;
}

// ---------------------------------------------------------------------------------------------------------------
// Convolutions (NHWC input, [kh, kw, inC, outC] filter) as im2col + sgemm, processed in chunks of output pixels so
// the patch matrix stays within a few MiB.

typedef struct {
  int64_t batch, in_h, in_w, in_c, out_h, out_w, out_c, k_h, k_w, stride_h, stride_w, pad_top, pad_left, dil_h, dil_w;
} conv_geometry;

static int parse_geometry(napi_env env, napi_value object, conv_geometry *g) {
  static const char *const names[] = {"batchSize",    "inHeight",    "inWidth",        "inChannels",    "outHeight",
                                      "outWidth",     "outChannels", "filterHeight",   "filterWidth",   "strideHeight",
                                      "strideWidth",  "padTop",      "padLeft",        "dilationHeight", "dilationWidth"};
  int64_t *fields[] = {&g->batch,    &g->in_h,     &g->in_w,     &g->in_c,     &g->out_h,
                       &g->out_w,    &g->out_c,    &g->k_h,      &g->k_w,      &g->stride_h,
                       &g->stride_w, &g->pad_top,  &g->pad_left, &g->dil_h,    &g->dil_w};
  for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
    napi_value value;
    if (napi_get_named_property(env, object, names[i], &value) != napi_ok) return 0;
    if (!arg_int(env, value, names[i], fields[i])) return 0;
  }
  if (g->stride_h < 1 || g->stride_w < 1 || g->dil_h < 1 || g->dil_w < 1) {
    napi_throw_range_error(env, NULL, "ml_native: strides and dilations must be >= 1");
    return 0;
  }
  return 1;
}

static const size_t patch_budget_floats = (size_t)4 << 20;  // 16 MiB of patches per chunk

static int64_t chunk_rows(const conv_geometry *g) {
  int64_t patch = g->k_h * g->k_w * g->in_c;
  int64_t rows = (int64_t)(patch_budget_floats / (size_t)(patch > 0 ? patch : 1));
  return rows < 1 ? 1 : rows;
}

static int is_pointwise(const conv_geometry *g) {
  return g->k_h == 1 && g->k_w == 1 && g->stride_h == 1 && g->stride_w == 1 && g->pad_top == 0 && g->pad_left == 0 &&
         g->out_h == g->in_h && g->out_w == g->in_w;
}

// Fills cols[rows, kh*kw*inC] for output pixels [first, first + rows) (pixels counted over batch, out_h, out_w).
static void im2col(const conv_geometry *g, const float *x, int64_t first, int64_t rows, float *cols) {
  const int64_t patch = g->k_h * g->k_w * g->in_c;
  const size_t channel_bytes = (size_t)g->in_c * sizeof(float);
  for (int64_t r = 0; r < rows; r++) {
    const int64_t p = first + r;
    const int64_t ow = p % g->out_w, oh = (p / g->out_w) % g->out_h, n = p / (g->out_w * g->out_h);
    float *dst = cols + r * patch;
    const float *image = x + n * g->in_h * g->in_w * g->in_c;
    for (int64_t kh = 0; kh < g->k_h; kh++) {
      const int64_t ih = oh * g->stride_h - g->pad_top + kh * g->dil_h;
      for (int64_t kw = 0; kw < g->k_w; kw++, dst += g->in_c) {
        const int64_t iw = ow * g->stride_w - g->pad_left + kw * g->dil_w;
        if (ih < 0 || ih >= g->in_h || iw < 0 || iw >= g->in_w) memset(dst, 0, channel_bytes);
        else memcpy(dst, image + (ih * g->in_w + iw) * g->in_c, channel_bytes);
      }
    }
  }
}

// dx[pixel] += cols[rows, patch] scattered back: the adjoint of im2col.
static void col2im(const conv_geometry *g, const float *cols, int64_t first, int64_t rows, float *dx) {
  const int64_t patch = g->k_h * g->k_w * g->in_c;
  for (int64_t r = 0; r < rows; r++) {
    const int64_t p = first + r;
    const int64_t ow = p % g->out_w, oh = (p / g->out_w) % g->out_h, n = p / (g->out_w * g->out_h);
    const float *src = cols + r * patch;
    float *image = dx + n * g->in_h * g->in_w * g->in_c;
    for (int64_t kh = 0; kh < g->k_h; kh++) {
      const int64_t ih = oh * g->stride_h - g->pad_top + kh * g->dil_h;
      for (int64_t kw = 0; kw < g->k_w; kw++, src += g->in_c) {
        const int64_t iw = ow * g->stride_w - g->pad_left + kw * g->dil_w;
        if (ih < 0 || ih >= g->in_h || iw < 0 || iw >= g->in_w) continue;
        float *dst = image + (ih * g->in_w + iw) * g->in_c;
        for (int64_t c = 0; c < g->in_c; c++) dst[c] += src[c];
      }
    }
  }
}

typedef struct {
  const conv_geometry *g;
  const float *src;
  float *dst;
  int64_t first, rows;
} patch_task;

static void im2col_range(void *arg, int64_t begin, int64_t end) {
  const patch_task *t = (const patch_task *)arg;
  im2col(t->g, t->src, t->first + begin, end - begin, t->dst + begin * t->g->k_h * t->g->k_w * t->g->in_c);
}

// Images [begin, end) of the chunk's rows: patches of different images land on disjoint parts of dx.
static void col2im_range(void *arg, int64_t begin, int64_t end) {
  const patch_task *t = (const patch_task *)arg;
  const int64_t per_image = t->g->out_h * t->g->out_w, patch = t->g->k_h * t->g->k_w * t->g->in_c;
  const int64_t first_image = t->first / per_image;
  int64_t from = (first_image + begin) * per_image, to = (first_image + end) * per_image;
  if (from < t->first) from = t->first;
  if (to > t->first + t->rows) to = t->first + t->rows;
  if (to > from) col2im(t->g, t->src + (from - t->first) * patch, from, to - from, t->dst);
}

static void parallel_im2col(const conv_geometry *g, const float *x, int64_t first, int64_t rows, float *cols) {
  patch_task task = {g, x, cols, first, rows};
  const int64_t patch = g->k_h * g->k_w * g->in_c;
  parallel_for_min(rows, PARALLEL_MIN / (patch + 1) + 1, im2col_range, &task);
}

static void parallel_col2im(const conv_geometry *g, const float *cols, int64_t first, int64_t rows, float *dx) {
  patch_task task = {g, cols, dx, first, rows};
  const int64_t per_image = g->out_h * g->out_w;
  const int64_t images = (first + rows - 1) / per_image - first / per_image + 1;
  const int64_t patch = g->k_h * g->k_w * g->in_c;
  parallel_for_min(images, PARALLEL_MIN / (per_image * patch + 1) + 1, col2im_range, &task);
}

enum conv_mode { CONV_FORWARD, CONV_BACKPROP_INPUT, CONV_BACKPROP_FILTER };

// conv2d(x, filter, out, geometry)            out[N, OH, OW, OC]
// conv2dBackpropInput(dy, filter, dx, geometry)  dx[N, H, W, C]
// conv2dBackpropFilter(x, dy, dw, geometry)      dw[KH, KW, C, OC]
static napi_value conv_entry(napi_env env, napi_callback_info info, enum conv_mode mode) {
  size_t argc = 4;
  napi_value argv[4];
  CHECK_NAPI(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 4) {
    napi_throw_type_error(env, NULL, "ml_native: convolutions take 4 arguments");
    return NULL;
  }
  static const char *const arg_names[3][3] = {
      {"x", "filter", "out"}, {"dy", "filter", "dx"}, {"x", "dy", "dw"}};
  float *p0, *p1, *p2;
  size_t l0, l1, l2;
  conv_geometry g;
  if (!arg_f32(env, argv[0], arg_names[mode][0], &p0, &l0) || !arg_f32(env, argv[1], arg_names[mode][1], &p1, &l1) ||
      !arg_f32(env, argv[2], arg_names[mode][2], &p2, &l2) || !parse_geometry(env, argv[3], &g) || !require_blas(env))
    return NULL;
  const int64_t patch = g.k_h * g.k_w * g.in_c;
  const int64_t pixels = g.batch * g.out_h * g.out_w;
  const int64_t x_size = g.batch * g.in_h * g.in_w * g.in_c, w_size = patch * g.out_c, y_size = pixels * g.out_c;
  const int64_t need[3][3] = {{x_size, w_size, y_size}, {y_size, w_size, x_size}, {x_size, y_size, w_size}};
  for (int i = 0; i < 3; i++) {
    size_t have = i == 0 ? l0 : i == 1 ? l1 : l2;
    if (!require_length(env, arg_names[mode][i], have, need[mode][i])) return NULL;
  }
  if (mode == CONV_BACKPROP_INPUT) memset(p2, 0, (size_t)x_size * sizeof(float));
  if (mode == CONV_BACKPROP_FILTER) memset(p2, 0, (size_t)w_size * sizeof(float));
  if (pixels == 0 || patch == 0 || g.out_c == 0) return NULL;
  const int pointwise = is_pointwise(&g);
  const int64_t chunk = pointwise ? pixels : chunk_rows(&g);
  float *cols = NULL;
  if (!pointwise) {
    const int64_t rows = chunk < pixels ? chunk : pixels;
    cols = (float *)malloc((size_t)(rows * patch) * sizeof(float));
    if (cols == NULL) {
      napi_throw_error(env, NULL, "ml_native: out of memory for the convolution patch buffer");
      return NULL;
    }
  }
  for (int64_t first = 0; first < pixels; first += chunk) {
    const int64_t rows = pixels - first < chunk ? pixels - first : chunk;
    if (mode == CONV_FORWARD) {
      const float *patches = pointwise ? p0 : cols;
      if (!pointwise) parallel_im2col(&g, p0, first, rows, cols);
      blas_sgemm(CBLAS_ROW_MAJOR, CBLAS_NO_TRANS, CBLAS_NO_TRANS, (int)rows, (int)g.out_c, (int)patch, 1.0f, patches,
                 (int)patch, p1, (int)g.out_c, 0.0f, p2 + first * g.out_c, (int)g.out_c);
    } else if (mode == CONV_BACKPROP_INPUT) {
      // d patches = dy · filterᵀ, then scatter-add the patches back onto the input pixels they came from.
      float *patches = pointwise ? p2 : cols;
      blas_sgemm(CBLAS_ROW_MAJOR, CBLAS_NO_TRANS, CBLAS_TRANS, (int)rows, (int)patch, (int)g.out_c, 1.0f,
                 p0 + first * g.out_c, (int)g.out_c, p1, (int)g.out_c, 0.0f, patches, (int)patch);
      if (!pointwise) parallel_col2im(&g, cols, first, rows, p2);
    } else {
      // d filter += patchesᵀ · dy, accumulated over the chunks.
      const float *patches = pointwise ? p0 : cols;
      if (!pointwise) parallel_im2col(&g, p0, first, rows, cols);
      blas_sgemm(CBLAS_ROW_MAJOR, CBLAS_TRANS, CBLAS_NO_TRANS, (int)patch, (int)g.out_c, (int)rows, 1.0f, patches,
                 (int)patch, p1 + first * g.out_c, (int)g.out_c, 1.0f, p2, (int)g.out_c);
    }
  }
  free(cols);
  return NULL;
}

static napi_value js_conv2d(napi_env env, napi_callback_info info) { return conv_entry(env, info, CONV_FORWARD); }
static napi_value js_conv2d_backprop_input(napi_env env, napi_callback_info info) {
  return conv_entry(env, info, CONV_BACKPROP_INPUT);
}
static napi_value js_conv2d_backprop_filter(napi_env env, napi_callback_info info) {
  return conv_entry(env, info, CONV_BACKPROP_FILTER);
}

// ---------------------------------------------------------------------------------------------------------------
// Max pooling (NHWC). tfjs's cpu MaxPoolGrad re-derives every argmax with per-element buffer lookups and took 85% of
// a CNN step. Same semantics as tfjs: padding never wins, the first strictly greater value in window order wins.

// Fills best_index[c] with the input offset of the window maximum for channel c, or -1 when nothing beats -inf.
static void window_argmax(const conv_geometry *g, const float *x, int64_t n, int64_t oh, int64_t ow, float *best,
                          int64_t *best_index) {
  const int64_t channels = g->in_c;
  for (int64_t c = 0; c < channels; c++) {
    best[c] = -INFINITY;
    best_index[c] = -1;
  }
  for (int64_t kh = 0; kh < g->k_h; kh++) {
    const int64_t ih = oh * g->stride_h - g->pad_top + kh * g->dil_h;
    if (ih < 0 || ih >= g->in_h) continue;
    for (int64_t kw = 0; kw < g->k_w; kw++) {
      const int64_t iw = ow * g->stride_w - g->pad_left + kw * g->dil_w;
      if (iw < 0 || iw >= g->in_w) continue;
      const int64_t base = ((n * g->in_h + ih) * g->in_w + iw) * channels;
      const float *pixel = x + base;
      for (int64_t c = 0; c < channels; c++) {
        if (pixel[c] > best[c]) {
          best[c] = pixel[c];
          best_index[c] = base + c;
        }
      }
    }
  }
}

typedef struct {
  const conv_geometry *g;
  const float *x, *dy;
  float *out;
  int backward;
  int failed;
} pool_task;

// Windows that tile the input without overlap or padding (2x2 stride 2 'valid', the common case): every input
// position belongs to at most one window, so the gradient is written, not accumulated, and the channel loops are
// plain selects the compiler vectorises.
static int pool_windows_disjoint(const conv_geometry *g) {
  return g->stride_h == g->k_h && g->stride_w == g->k_w && g->pad_top == 0 && g->pad_left == 0 && g->dil_h == 1 &&
         g->dil_w == 1 && g->out_h * g->k_h <= g->in_h && g->out_w * g->k_w <= g->in_w;
}

static void pool_disjoint_window(const conv_geometry *g, const float *x, const float *dy, float *out, int backward,
                                 int64_t n, int64_t oh, int64_t ow, float *restrict best, int32_t *restrict winner) {
  const int64_t channels = g->in_c;
  for (int64_t c = 0; c < channels; c++) {
    best[c] = -INFINITY;
    winner[c] = -1;
  }
  const int64_t origin = ((n * g->in_h + oh * g->k_h) * g->in_w + ow * g->k_w) * channels;
  int32_t k = 0;
  for (int64_t kh = 0; kh < g->k_h; kh++) {
    for (int64_t kw = 0; kw < g->k_w; kw++, k++) {
      const float *restrict pixel = x + origin + (kh * g->in_w + kw) * channels;
      for (int64_t c = 0; c < channels; c++) {
        // The winner as a bit mask: GCC 12 vectorises this, not an int select on a float comparison.
        const float v = pixel[c], b = best[c];
        const int32_t wins = -(int32_t)(v > b);
        best[c] = v > b ? v : b;
        winner[c] = (k & wins) | (winner[c] & ~wins);
      }
    }
  }
  const int64_t y_base = ((n * g->out_h + oh) * g->out_w + ow) * channels;
  if (!backward) {
    memcpy(out + y_base, best, (size_t)channels * sizeof(float));
    return;
  }
  const float *restrict grad = dy + y_base;
  k = 0;
  for (int64_t kh = 0; kh < g->k_h; kh++) {
    for (int64_t kw = 0; kw < g->k_w; kw++, k++) {
      float *restrict dst = out + origin + (kh * g->in_w + kw) * channels;
      for (int64_t c = 0; c < channels; c++) {
        const int32_t mine = -(int32_t)(winner[c] == k);
        union { float f; int32_t i; } value = {.f = grad[c]};
        value.i &= mine;
        dst[c] = value.f;
      }
    }
  }
}

// One window of the general path: any stride, padding or dilation; overlapping windows accumulate into dx.
static void pool_general_window(const conv_geometry *g, const float *x, const float *dy, float *out, int backward,
                                int64_t n, int64_t oh, int64_t ow, float *best, int64_t *best_index) {
  window_argmax(g, x, n, oh, ow, best, best_index);
  const int64_t y_base = ((n * g->out_h + oh) * g->out_w + ow) * g->in_c;
  if (backward) {
    for (int64_t c = 0; c < g->in_c; c++)
      if (best_index[c] >= 0) out[best_index[c]] += dy[y_base + c];
  } else {
    memcpy(out + y_base, best, (size_t)g->in_c * sizeof(float));
  }
}

// Images [begin, end) of a max pool or its gradient.
static void pool_range(void *arg, int64_t begin, int64_t end) {
  pool_task *t = (pool_task *)arg;
  const conv_geometry *g = t->g;
  const int64_t image = g->in_h * g->in_w * g->in_c;
  if (t->backward) memset(t->out + begin * image, 0, (size_t)((end - begin) * image) * sizeof(float));
  // Per-channel scratch: the window maximum and where it is (int64 offsets; the disjoint path keeps int32 positions
  // in the same block).
  float *best = (float *)malloc((size_t)g->in_c * sizeof(float));
  int64_t *where = (int64_t *)malloc((size_t)g->in_c * sizeof(int64_t));
  if (best == NULL || where == NULL) {
    free(best);
    free(where);
    t->failed = 1;
    return;
  }
  const int disjoint = pool_windows_disjoint(g);
  for (int64_t n = begin; n < end; n++)
    for (int64_t oh = 0; oh < g->out_h; oh++)
      for (int64_t ow = 0; ow < g->out_w; ow++) {
        if (disjoint) pool_disjoint_window(g, t->x, t->dy, t->out, t->backward, n, oh, ow, best, (int32_t *)where);
        else pool_general_window(g, t->x, t->dy, t->out, t->backward, n, oh, ow, best, where);
      }
  free(best);
  free(where);
}

// maxPool(x, out, geometry) / maxPoolGrad(dy, x, dx, geometry)
static napi_value pool_entry(napi_env env, napi_callback_info info, int backward) {
  size_t argc = 4;
  napi_value argv[4];
  CHECK_NAPI(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  const size_t want = backward ? 4 : 3;
  if (argc < want) {
    napi_throw_type_error(env, NULL, "ml_native: maxPool takes (x, out, geometry), maxPoolGrad (dy, x, dx, geometry)");
    return NULL;
  }
  float *x, *out, *dy = NULL;
  size_t x_len, out_len, dy_len = 0;
  conv_geometry g;
  if (backward) {
    if (!arg_f32(env, argv[0], "dy", &dy, &dy_len) || !arg_f32(env, argv[1], "x", &x, &x_len) ||
        !arg_f32(env, argv[2], "dx", &out, &out_len) || !parse_geometry(env, argv[3], &g))
      return NULL;
  } else if (!arg_f32(env, argv[0], "x", &x, &x_len) || !arg_f32(env, argv[1], "out", &out, &out_len) ||
             !parse_geometry(env, argv[2], &g)) {
    return NULL;
  }
  const int64_t x_size = g.batch * g.in_h * g.in_w * g.in_c, y_size = g.batch * g.out_h * g.out_w * g.in_c;
  if (!require_length(env, "x", x_len, x_size) ||
      !require_length(env, backward ? "dx" : "out", out_len, backward ? x_size : y_size) ||
      (backward && !require_length(env, "dy", dy_len, y_size)))
    return NULL;
  if (g.in_c == 0 || g.batch == 0) {
    if (backward) memset(out, 0, (size_t)x_size * sizeof(float));
    return NULL;
  }
  pool_task task = {&g, x, dy, out, backward, 0};
  // Images are independent (a window never crosses one), so threads take whole images.
  parallel_for_min(g.batch, PARALLEL_MIN / (g.in_h * g.in_w * g.in_c + 1) + 1, pool_range, &task);
  if (task.failed) {
    napi_throw_error(env, NULL, "ml_native: out of memory in maxPool");
    return NULL;
  }
  return NULL;
}

static napi_value js_max_pool(napi_env env, napi_callback_info info) { return pool_entry(env, info, 0); }
static napi_value js_max_pool_grad(napi_env env, napi_callback_info info) { return pool_entry(env, info, 1); }

// ---------------------------------------------------------------------------------------------------------------
// ---------------------------------------------------------------------------------------------------------------
// Elementwise kernels. tfjs's cpu backend runs these as per-element JS closures with broadcasting index arithmetic;
// in a training step of a dense network they take as long as the matmuls (relu's gradient is Step + Multiply, the
// bias gradient is a Sum over the batch axis).

// expf as straight-line arithmetic the compiler can vectorise (glibc's expf is a call per element): Cody-Waite range
// reduction to r in [-ln2/2, ln2/2], a degree-6 polynomial (Cephes expf), and 2^n assembled in the exponent bits.
// Relative error about 2e-7 (2 ulp); overflow to +inf, underflow to 0 and NaN as expf.
static inline float exp_fast(float x) {
  const float clamped = x > 88.3762626647949f ? 88.3762626647949f : (x < -87.3365478515625f ? -87.3365478515625f : x);
  const float t = clamped * 1.44269504088896341f;
  const int32_t n = (int32_t)(t + (t >= 0.0f ? 0.5f : -0.5f));
  const float fn = (float)n;
  const float r = (clamped - fn * 0.693359375f) + fn * 2.12194440e-4f;
  float p = 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  const float y = p * r * r + r + 1.0f;
  union { int32_t i; float f; } scale = {.i = (n + 127) << 23};
  const float result = y * scale.f;
  return x != x ? x : (x > 88.72283935546875f ? INFINITY : (x < -87.3365478515625f ? 0.0f : result));
}

enum unary_op { U_RELU, U_STEP, U_NEG, U_EXP, U_LOG, U_SQRT, U_SQUARE, U_SIGMOID, U_TANH, U_ABS, U_RSQRT, U_RECIPROCAL, U_ERF };

typedef struct {
  int64_t op;
  const float *x;
  float *out;
  float alpha;
} unary_task;

// Abramowitz & Stegun 7.1.26, the formula tfjs's own Erf kernels use (absolute error below 1.5e-7): one expf per
// element where glibc's erff branches through several polynomial ranges and took 13 ns an element.
static inline float erf_approx(float x) {
  const float p = 0.3275911f, a1 = 0.254829592f, a2 = -0.284496736f, a3 = 1.421413741f, a4 = -1.453152027f,
              a5 = 1.061405429f;
  const float v = fabsf(x);
  const float t = 1.0f / (1.0f + p * v);
  const float y = 1.0f - (((((a5 * t + a4) * t) + a3) * t + a2) * t + a1) * t * exp_fast(-v * v);
  return x != x ? x : (x < 0.0f ? -y : y);
}

static void unary_range(void *arg, int64_t begin, int64_t end) {
  const unary_task *t = (const unary_task *)arg;
  const float *x = t->x;
  float *out = t->out;
  const float a = t->alpha;
  switch (t->op) {
    case U_RELU: for (int64_t i = begin; i < end; i++) out[i] = x[i] > 0.0f ? x[i] : (x[i] != x[i] ? x[i] : 0.0f); break;
    case U_STEP: for (int64_t i = begin; i < end; i++) out[i] = x[i] > 0.0f ? 1.0f : (x[i] != x[i] ? x[i] : a); break;
    case U_NEG: for (int64_t i = begin; i < end; i++) out[i] = -x[i]; break;
    case U_EXP: for (int64_t i = begin; i < end; i++) out[i] = exp_fast(x[i]); break;
    case U_LOG: for (int64_t i = begin; i < end; i++) out[i] = logf(x[i]); break;
    case U_SQRT: for (int64_t i = begin; i < end; i++) out[i] = sqrtf(x[i]); break;
    case U_SQUARE: for (int64_t i = begin; i < end; i++) out[i] = x[i] * x[i]; break;
    case U_SIGMOID: for (int64_t i = begin; i < end; i++) out[i] = 1.0f / (1.0f + exp_fast(-x[i])); break;
    case U_TANH: for (int64_t i = begin; i < end; i++) out[i] = tanhf(x[i]); break;
    case U_ABS: for (int64_t i = begin; i < end; i++) out[i] = fabsf(x[i]); break;
    case U_RSQRT: for (int64_t i = begin; i < end; i++) out[i] = 1.0f / sqrtf(x[i]); break;
    case U_RECIPROCAL: for (int64_t i = begin; i < end; i++) out[i] = 1.0f / x[i]; break;
    case U_ERF: for (int64_t i = begin; i < end; i++) out[i] = erf_approx(x[i]); break;
    default: break;
  }
}

// unary(op, x, out, alpha): out[i] = op(x[i]); alpha is Step's value for x <= 0.
static napi_value js_unary(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  CHECK_NAPI(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  int64_t op;
  float *x, *out;
  size_t x_len, out_len;
  double alpha;
  if (argc < 4 || !arg_int(env, argv[0], "op", &op) || !arg_f32(env, argv[1], "x", &x, &x_len) ||
      !arg_f32(env, argv[2], "out", &out, &out_len) || !arg_double(env, argv[3], "alpha", &alpha) ||
      !require_length(env, "out", out_len, (int64_t)x_len))
    return NULL;
  if (op < U_RELU || op > U_ERF) {
    napi_throw_range_error(env, NULL, "ml_native: unknown unary op");
    return NULL;
  }
  unary_task task = {op, x, out, (float)alpha};
  parallel_for((int64_t)x_len, unary_range, &task);
  return NULL;
}

enum binary_op { B_ADD, B_SUB, B_MUL, B_DIV, B_MAX, B_MIN, B_SQUARED_DIFFERENCE };
// How an operand of a [rows, cols] result is laid out: the full matrix, one row repeated, one column repeated, one value.
enum operand_layout { L_FULL, L_ROW, L_COLUMN, L_SCALAR };

static inline float binary_apply(int op, float a, float b) {
  switch (op) {
    case B_ADD: return a + b;
    case B_SUB: return a - b;
    case B_MUL: return a * b;
    case B_DIV: return a / b;
    case B_MAX: return (a != a || b != b) ? NAN : (a > b ? a : b);
    case B_MIN: return (a != a || b != b) ? NAN : (a < b ? a : b);
    default: { float d = a - b; return d * d; }
  }
}

typedef struct {
  int64_t op, a_layout, b_layout, cols;
  const float *a, *b;
  float *out;
} binary_task;

// Output elements [begin, end) of the [rows, cols] result, row by row; each row segment is a tight loop.
#define BINARY_LOOP(OPEXPR)                                                                                        \
  for (int64_t r = begin / cols; r * cols < end; r++) {                                                            \
    const int64_t c0 = r * cols < begin ? begin - r * cols : 0;                                                    \
    const int64_t c1 = (r + 1) * cols > end ? end - r * cols : cols;                                               \
    const float *ar = a + (a_layout == L_FULL ? r * cols : a_layout == L_COLUMN ? r : 0);                          \
    const float *br = b + (b_layout == L_FULL ? r * cols : b_layout == L_COLUMN ? r : 0);                          \
    float *o = out + r * cols;                                                                                     \
    const int as = a_layout == L_FULL || a_layout == L_ROW;                                                        \
    const int bs = b_layout == L_FULL || b_layout == L_ROW;                                                        \
    if (as && bs) {                                                                                                \
      for (int64_t c = c0; c < c1; c++) { const float x = ar[c], y = br[c]; o[c] = (OPEXPR); }                    \
    } else if (as) {                                                                                               \
      const float y = br[0];                                                                                       \
      for (int64_t c = c0; c < c1; c++) { const float x = ar[c]; o[c] = (OPEXPR); }                               \
    } else if (bs) {                                                                                               \
      const float x = ar[0];                                                                                       \
      for (int64_t c = c0; c < c1; c++) { const float y = br[c]; o[c] = (OPEXPR); }                               \
    } else {                                                                                                       \
      const float x = ar[0], y = br[0];                                                                            \
      for (int64_t c = c0; c < c1; c++) o[c] = (OPEXPR);                                                           \
    }                                                                                                              \
  }

static void binary_range(void *arg, int64_t begin, int64_t end) {
  const binary_task *t = (const binary_task *)arg;
  const float *a = t->a, *b = t->b;
  float *out = t->out;
  const int64_t a_layout = t->a_layout, b_layout = t->b_layout, cols = t->cols;
  switch (t->op) {
    case B_ADD: BINARY_LOOP(x + y); break;
    case B_SUB: BINARY_LOOP(x - y); break;
    case B_MUL: BINARY_LOOP(x * y); break;
    case B_DIV: BINARY_LOOP(x / y); break;
    default: BINARY_LOOP(binary_apply((int)t->op, x, y)); break;
  }
}

// binary(op, a, aLayout, b, bLayout, out, rows, cols): out[r, c] = op(a[·], b[·]) with each operand broadcast per its layout.
static napi_value js_binary(napi_env env, napi_callback_info info) {
  size_t argc = 8;
  napi_value argv[8];
  CHECK_NAPI(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  int64_t op, a_layout, b_layout, rows, cols;
  float *a, *b, *out;
  size_t a_len, b_len, out_len;
  if (argc < 8 || !arg_int(env, argv[0], "op", &op) || !arg_f32(env, argv[1], "a", &a, &a_len) ||
      !arg_int(env, argv[2], "aLayout", &a_layout) || !arg_f32(env, argv[3], "b", &b, &b_len) ||
      !arg_int(env, argv[4], "bLayout", &b_layout) || !arg_f32(env, argv[5], "out", &out, &out_len) ||
      !arg_int(env, argv[6], "rows", &rows) || !arg_int(env, argv[7], "cols", &cols))
    return NULL;
  if (a_layout < L_FULL || a_layout > L_SCALAR || b_layout < L_FULL || b_layout > L_SCALAR) {
    napi_throw_range_error(env, NULL, "ml_native: unknown operand layout");
    return NULL;
  }
  const int64_t need_a = a_layout == L_FULL ? rows * cols : a_layout == L_ROW ? cols : a_layout == L_COLUMN ? rows : 1;
  const int64_t need_b = b_layout == L_FULL ? rows * cols : b_layout == L_ROW ? cols : b_layout == L_COLUMN ? rows : 1;
  if (!require_length(env, "a", a_len, need_a) || !require_length(env, "b", b_len, need_b) ||
      !require_length(env, "out", out_len, rows * cols))
    return NULL;
  if (rows * cols == 0) return NULL;
  binary_task task = {op, a_layout, b_layout, cols, a, b, out};
  parallel_for(rows * cols, binary_range, &task);
  return NULL;
}

enum reduce_op { R_SUM, R_MAX, R_MIN, R_MEAN };

// reduce(op, x, out, outer, mid, inner): out[o, i] = reduce over m of x[o, m, i] (any contiguous block of axes).
static napi_value js_reduce(napi_env env, napi_callback_info info) {
  size_t argc = 6;
  napi_value argv[6];
  CHECK_NAPI(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  int64_t op, outer, mid, inner;
  float *x, *out;
  size_t x_len, out_len;
  if (argc < 6 || !arg_int(env, argv[0], "op", &op) || !arg_f32(env, argv[1], "x", &x, &x_len) ||
      !arg_f32(env, argv[2], "out", &out, &out_len) || !arg_int(env, argv[3], "outer", &outer) ||
      !arg_int(env, argv[4], "mid", &mid) || !arg_int(env, argv[5], "inner", &inner) ||
      !require_length(env, "x", x_len, outer * mid * inner) || !require_length(env, "out", out_len, outer * inner))
    return NULL;
  if (mid == 0) {
    napi_throw_range_error(env, NULL, "ml_native: reduce over an empty axis");
    return NULL;
  }
  for (int64_t o = 0; o < outer; o++) {
    float *dst = out + o * inner;
    const float *src = x + o * mid * inner;
    if (inner == 1) {
      // Reducing the innermost axis: a dot-product-like loop; accumulate in double for sums so long rows stay exact.
      if (op == R_SUM || op == R_MEAN) {
        double total = 0.0;
        for (int64_t m = 0; m < mid; m++) total += src[m];
        dst[0] = (float)(op == R_MEAN ? total / (double)mid : total);
      } else {
        float best = src[0];
        for (int64_t m = 1; m < mid; m++) {
          const float v = src[m];
          if (v != v) { best = v; break; }
          if (op == R_MAX ? v > best : v < best) best = v;
        }
        dst[0] = best;
      }
      continue;
    }
    memcpy(dst, src, (size_t)inner * sizeof(float));
    for (int64_t m = 1; m < mid; m++) {
      const float *row = src + m * inner;
      if (op == R_SUM || op == R_MEAN) for (int64_t i = 0; i < inner; i++) dst[i] += row[i];
      else if (op == R_MAX) for (int64_t i = 0; i < inner; i++) dst[i] = (row[i] > dst[i] || row[i] != row[i]) ? row[i] : dst[i];
      else for (int64_t i = 0; i < inner; i++) dst[i] = (row[i] < dst[i] || row[i] != row[i]) ? row[i] : dst[i];
    }
    if (op == R_MEAN) for (int64_t i = 0; i < inner; i++) dst[i] /= (float)mid;
  }
  return NULL;
}

// ---------------------------------------------------------------------------------------------------------------
// Layout kernels and the transformer's row-wise ops. tfjs's cpu Transpose and Tile compute every element's index
// with divisions in JS; its Softmax is five kernels; tfjs-layers' LayerNormalization tiles four operands to the
// full input shape and then calls FusedBatchNorm, whose cpu loop indexes each operand cyclically.

#define MAX_RANK 8

static int arg_shape(napi_env env, napi_value value, const char *name, int64_t *dims, uint32_t *rank) {
  bool is_array = false;
  if (napi_is_array(env, value, &is_array) != napi_ok || !is_array || napi_get_array_length(env, value, rank) != napi_ok ||
      *rank > MAX_RANK) {
    char message[160];
    snprintf(message, sizeof(message), "ml_native: %s must be an array of at most %d integers", name, MAX_RANK);
    napi_throw_type_error(env, NULL, message);
    return 0;
  }
  for (uint32_t i = 0; i < *rank; i++) {
    napi_value element;
    if (napi_get_element(env, value, i, &element) != napi_ok || !arg_int(env, element, name, &dims[i])) return 0;
    if (dims[i] < 0) {
      napi_throw_range_error(env, NULL, "ml_native: negative dimension");
      return 0;
    }
  }
  return 1;
}

// transpose(x, out, shape, perm): out has shape[perm[i]] along axis i.
static napi_value js_transpose(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  CHECK_NAPI(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  float *x, *out;
  size_t x_len, out_len;
  int64_t shape[MAX_RANK], perm[MAX_RANK];
  uint32_t rank, perm_rank;
  if (argc < 4 || !arg_f32(env, argv[0], "x", &x, &x_len) || !arg_f32(env, argv[1], "out", &out, &out_len) ||
      !arg_shape(env, argv[2], "shape", shape, &rank) || !arg_shape(env, argv[3], "perm", perm, &perm_rank))
    return NULL;
  if (perm_rank != rank) {
    napi_throw_range_error(env, NULL, "ml_native: perm and shape differ in rank");
    return NULL;
  }
  int64_t size = 1, in_strides[MAX_RANK], out_shape[MAX_RANK], src_strides[MAX_RANK];
  for (int i = (int)rank - 1; i >= 0; i--) {
    in_strides[i] = size;
    size *= shape[i];
  }
  for (uint32_t i = 0; i < rank; i++) {
    if (perm[i] >= rank) {
      napi_throw_range_error(env, NULL, "ml_native: perm entry out of range");
      return NULL;
    }
    out_shape[i] = shape[perm[i]];
    src_strides[i] = in_strides[perm[i]];
  }
  if (!require_length(env, "x", x_len, size) || !require_length(env, "out", out_len, size)) return NULL;
  if (size == 0) return NULL;
  if (rank == 0) {
    out[0] = x[0];
    return NULL;
  }
  // Walk the output in order; the innermost output axis reads the input with a fixed stride.
  int64_t index[MAX_RANK] = {0};
  const int last = (int)rank - 1;
  const int64_t inner = out_shape[last], inner_stride = src_strides[last];
  int64_t src = 0;
  for (int64_t o = 0; o < size; o += inner) {
    const float *from = x + src;
    float *to = out + o;
    if (inner_stride == 1) memcpy(to, from, (size_t)inner * sizeof(float));
    else for (int64_t i = 0; i < inner; i++) to[i] = from[i * inner_stride];
    for (int axis = last - 1; axis >= 0; axis--) {
      src += src_strides[axis];
      if (++index[axis] < out_shape[axis]) break;
      src -= src_strides[axis] * out_shape[axis];
      index[axis] = 0;
    }
  }
  return NULL;
}

// tile(x, out, shape, reps): out[i0.., ik] = x[i0 % shape0, .., ik % shapek].
static napi_value js_tile(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  CHECK_NAPI(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  float *x, *out;
  size_t x_len, out_len;
  int64_t shape[MAX_RANK], reps[MAX_RANK];
  uint32_t rank, reps_rank;
  if (argc < 4 || !arg_f32(env, argv[0], "x", &x, &x_len) || !arg_f32(env, argv[1], "out", &out, &out_len) ||
      !arg_shape(env, argv[2], "shape", shape, &rank) || !arg_shape(env, argv[3], "reps", reps, &reps_rank))
    return NULL;
  if (reps_rank != rank || rank == 0) {
    napi_throw_range_error(env, NULL, "ml_native: reps and shape differ in rank");
    return NULL;
  }
  int64_t in_size = 1, out_size = 1, in_strides[MAX_RANK], out_shape[MAX_RANK];
  for (int i = (int)rank - 1; i >= 0; i--) {
    in_strides[i] = in_size;
    in_size *= shape[i];
    out_shape[i] = shape[i] * reps[i];
    out_size *= out_shape[i];
  }
  if (!require_length(env, "x", x_len, in_size) || !require_length(env, "out", out_len, out_size)) return NULL;
  if (out_size == 0) return NULL;
  // One output row (innermost axis) at a time: the input row repeated reps[last] times.
  int64_t index[MAX_RANK] = {0};
  const int last = (int)rank - 1;
  const int64_t row = shape[last], out_row = out_shape[last];
  int64_t src = 0;
  for (int64_t o = 0; o < out_size; o += out_row) {
    if (row == 1) {
      // Broadcasting a size-1 axis (layer norm's statistics over the feature axis): a fill, not one memcpy a value.
      const float value = x[src];
      for (int64_t r = 0; r < out_row; r++) out[o + r] = value;
    } else {
      for (int64_t r = 0; r < reps[last]; r++) memcpy(out + o + r * row, x + src, (size_t)row * sizeof(float));
    }
    for (int axis = last - 1; axis >= 0; axis--) {
      index[axis]++;
      if (index[axis] % shape[axis] != 0) src += in_strides[axis];
      else src -= in_strides[axis] * (shape[axis] - 1);
      if (index[axis] < out_shape[axis]) break;
      index[axis] = 0;
    }
  }
  return NULL;
}

// softmax(x, out, rows, cols): softmax along the last axis, max-subtracted like tfjs.
typedef struct {
  const float *x;
  float *out;
  int64_t cols;
} softmax_task;

// Rows overlapping the element range [begin, end): parallel_for cuts by elements, each slice takes the rows it starts.
static void softmax_range(void *arg, int64_t begin, int64_t end) {
  const softmax_task *t = (const softmax_task *)arg;
  const int64_t cols = t->cols;
  for (int64_t r = (begin + cols - 1) / cols; r * cols < end; r++) {
    const float *in = t->x + r * cols;
    float *o = t->out + r * cols;
    float max = -INFINITY;
    for (int64_t c = 0; c < cols; c++) max = in[c] > max ? in[c] : max;
    float total = 0.0f;
    for (int64_t c = 0; c < cols; c++) {
      o[c] = exp_fast(in[c] - max);
      total += o[c];
    }
    const float scale = 1.0f / total;
    for (int64_t c = 0; c < cols; c++) o[c] *= scale;
  }
}

static napi_value js_softmax(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  CHECK_NAPI(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  float *x, *out;
  size_t x_len, out_len;
  int64_t rows, cols;
  if (argc < 4 || !arg_f32(env, argv[0], "logits", &x, &x_len) || !arg_f32(env, argv[1], "out", &out, &out_len) ||
      !arg_int(env, argv[2], "rows", &rows) || !arg_int(env, argv[3], "cols", &cols) ||
      !require_length(env, "logits", x_len, rows * cols) || !require_length(env, "out", out_len, rows * cols))
    return NULL;
  if (rows <= 0 || cols <= 0) return NULL;
  softmax_task task = {x, out, cols};
  parallel_for(rows * cols, softmax_range, &task);
  return NULL;
}

// batchNorm(x, mean, variance, offset|null, scale|null, out, epsilon): tfjs's FusedBatchNorm, each operand indexed
// cyclically (operand[i % length]).
static napi_value js_batch_norm(napi_env env, napi_callback_info info) {
  size_t argc = 7;
  napi_value argv[7];
  CHECK_NAPI(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 7) {
    napi_throw_type_error(env, NULL, "ml_native: batchNorm takes 7 arguments");
    return NULL;
  }
  float *x, *mean, *variance, *offset = NULL, *scale = NULL, *out;
  size_t x_len, mean_len, var_len, offset_len = 1, scale_len = 1, out_len;
  napi_valuetype offset_type, scale_type;
  double eps;
  CHECK_NAPI(napi_typeof(env, argv[3], &offset_type));
  CHECK_NAPI(napi_typeof(env, argv[4], &scale_type));
  if (!arg_f32(env, argv[0], "x", &x, &x_len) || !arg_f32(env, argv[1], "mean", &mean, &mean_len) ||
      !arg_f32(env, argv[2], "variance", &variance, &var_len) ||
      (offset_type != napi_null && !arg_f32(env, argv[3], "offset", &offset, &offset_len)) ||
      (scale_type != napi_null && !arg_f32(env, argv[4], "scale", &scale, &scale_len)) ||
      !arg_f32(env, argv[5], "out", &out, &out_len) || !arg_double(env, argv[6], "varianceEpsilon", &eps) ||
      !require_length(env, "out", out_len, (int64_t)x_len))
    return NULL;
  if (mean_len == 0 || var_len == 0 || offset_len == 0 || scale_len == 0) {
    napi_throw_range_error(env, NULL, "ml_native: batchNorm operand is empty");
    return NULL;
  }
  const float e = (float)eps;
  size_t mi = 0, vi = 0, oi = 0, si = 0;
  for (size_t i = 0; i < x_len; i++) {
    const float shift = offset ? offset[oi] : 0.0f, gain = scale ? scale[si] : 1.0f;
    out[i] = shift + (x[i] - mean[mi]) * gain / sqrtf(variance[vi] + e);
    if (++mi == mean_len) mi = 0;
    if (++vi == var_len) vi = 0;
    if (offset && ++oi == offset_len) oi = 0;
    if (scale && ++si == scale_len) si = 0;
  }
  return NULL;
}

// ---------------------------------------------------------------------------------------------------------------
// unsortedSegmentSum(x, segmentIds, out, rows, cols, numSegments): out[id[r], :] += x[r, :]; ids outside
// [0, numSegments) are dropped, as in TensorFlow. It is the gradient of an embedding lookup (gather); tfjs's cpu
// kernel makes one full-size mask, product and sum per segment and took over half of a transformer step.
static napi_value js_unsorted_segment_sum(napi_env env, napi_callback_info info) {
  size_t argc = 6;
  napi_value argv[6];
  CHECK_NAPI(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  float *x, *out;
  size_t x_len, out_len, ids_len;
  int64_t rows, cols, segments;
  if (argc < 6 || !arg_f32(env, argv[0], "x", &x, &x_len)) return NULL;
  bool is_typed = false;
  napi_typedarray_type type;
  void *raw = NULL;
  if (napi_is_typedarray(env, argv[1], &is_typed) != napi_ok || !is_typed ||
      napi_get_typedarray_info(env, argv[1], &type, &ids_len, &raw, NULL, NULL) != napi_ok || type != napi_int32_array) {
    napi_throw_type_error(env, NULL, "ml_native: segmentIds must be an Int32Array");
    return NULL;
  }
  const int32_t *ids = (const int32_t *)raw;
  if (!arg_f32(env, argv[2], "out", &out, &out_len) || !arg_int(env, argv[3], "rows", &rows) ||
      !arg_int(env, argv[4], "cols", &cols) || !arg_int(env, argv[5], "numSegments", &segments) ||
      !require_length(env, "x", x_len, rows * cols) || !require_length(env, "out", out_len, segments * cols))
    return NULL;
  if ((int64_t)ids_len < rows) {
    napi_throw_range_error(env, NULL, "ml_native: segmentIds is shorter than x has rows");
    return NULL;
  }
  memset(out, 0, (size_t)(segments * cols) * sizeof(float));
  for (int64_t r = 0; r < rows; r++) {
    const int64_t id = ids[r];
    if (id < 0 || id >= segments) continue;
    float *dst = out + id * cols;
    const float *src = x + r * cols;
    for (int64_t c = 0; c < cols; c++) dst[c] += src[c];
  }
  return NULL;
}

// ---------------------------------------------------------------------------------------------------------------

NAPI_MODULE_INIT() {
  // Kernel outputs are large, short-lived buffers (a transformer step allocates hundreds of megabytes). glibc serves
  // blocks above its (adaptive) mmap threshold with fresh mmaps, and returns freed memory at the top of the
  // heap to the kernel; either way every step pays page faults to touch new memory again. Keep freed blocks for reuse.
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 512 << 20);
  static const struct {
    const char *name;
    napi_callback fn;
  } functions[] = {
      {"status", js_status},
      {"setThreads", js_set_threads},
      {"matMul", js_mat_mul},
      {"biasActivation", js_bias_activation},
      {"adamStep", js_adam_step},
      {"conv2d", js_conv2d},
      {"conv2dBackpropInput", js_conv2d_backprop_input},
      {"conv2dBackpropFilter", js_conv2d_backprop_filter},
      {"maxPool", js_max_pool},
      {"maxPoolGrad", js_max_pool_grad},
      {"transpose", js_transpose},
      {"tile", js_tile},
      {"softmax", js_softmax},
      {"batchNorm", js_batch_norm},
      {"unsortedSegmentSum", js_unsorted_segment_sum},
      {"unary", js_unary},
      {"binary", js_binary},
      {"reduce", js_reduce},
  };
  for (size_t i = 0; i < sizeof(functions) / sizeof(functions[0]); i++) {
    napi_value fn;
    if (napi_create_function(env, functions[i].name, NAPI_AUTO_LENGTH, functions[i].fn, NULL, &fn) != napi_ok) return NULL;
    if (napi_set_named_property(env, exports, functions[i].name, fn) != napi_ok) return NULL;
  }
  return exports;
}
