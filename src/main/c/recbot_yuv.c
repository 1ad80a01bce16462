/*
 * recbot's bridge to libyuv: ARGBToI420, the conversion of each captured picture to the encoder's
 * yuv420p (why, and what it saves: live.recbot.encode.LibyuvConverter), and the preview's box
 * shrink and full-range conversion (live.recbot.encode.LibyuvPreview).
 *
 * libyuv is opened with dlopen, not linked, so that this builds without libyuv's headers and loads
 * where libyuv is missing: recbot then converts with swscale and says so.
 */
#include <dlfcn.h>
#include <jni.h>
#include <stdint.h>

typedef int (*argb_to_i420_fn)(const uint8_t *src_argb, int src_stride_argb, uint8_t *dst_y, int dst_stride_y,
                               uint8_t *dst_u, int dst_stride_u, uint8_t *dst_v, int dst_stride_v, int width,
                               int height);

typedef int (*i420_scale_fn)(const uint8_t *src_y, int src_stride_y, const uint8_t *src_u, int src_stride_u,
                             const uint8_t *src_v, int src_stride_v, int src_width, int src_height, uint8_t *dst_y,
                             int dst_stride_y, uint8_t *dst_u, int dst_stride_u, uint8_t *dst_v, int dst_stride_v,
                             int dst_width, int dst_height, int filtering);

static argb_to_i420_fn argb_to_i420;
/* The preview's functions: all three, or none (an older libyuv); the conversion needs none of them. */
static argb_to_i420_fn argb_to_j420;
static argb_to_i420_fn abgr_to_j420;
static i420_scale_fn i420_scale;

/* libyuv's kFilterBox: each output pixel the mean of its box of input pixels. Only the planar
 * scalers have it: ARGBScale took one column in three at 3:1. Below 2:1 libyuv goes bilinear. */
#define FILTER_BOX 3

/* Opens libyuv; returns NULL when ready, or why it is not. */
JNIEXPORT jstring JNICALL Java_live_recbot_encode_LibyuvConverter_open(JNIEnv *env, jclass cls) {
    (void) cls;
    void *lib = dlopen("libyuv.so.0", RTLD_NOW | RTLD_LOCAL);
    if (lib == NULL) {
        const char *why = dlerror();
        return (*env)->NewStringUTF(env, why != NULL ? why : "libyuv.so.0 cannot be opened");
    }
    argb_to_i420 = (argb_to_i420_fn) dlsym(lib, "ARGBToI420");
    if (argb_to_i420 == NULL) {
        return (*env)->NewStringUTF(env, "libyuv.so.0 has no ARGBToI420");
    }
    argb_to_j420 = (argb_to_i420_fn) dlsym(lib, "ARGBToJ420");
    abgr_to_j420 = (argb_to_i420_fn) dlsym(lib, "ABGRToJ420");
    i420_scale = (i420_scale_fn) dlsym(lib, "I420Scale");
    if (argb_to_j420 == NULL || abgr_to_j420 == NULL) {
        i420_scale = NULL;
    }
    return NULL;
}

/* The addresses are native memory the caller owns and keeps alive for the call. */
JNIEXPORT jint JNICALL Java_live_recbot_encode_LibyuvConverter_argbToI420(JNIEnv *env, jclass cls, jlong src,
        jint src_stride, jlong y, jint y_stride, jlong u, jint u_stride, jlong v, jint v_stride, jint width,
        jint height) {
    (void) env;
    (void) cls;
    return argb_to_i420((const uint8_t *) (intptr_t) src, src_stride, (uint8_t *) (intptr_t) y, y_stride,
                        (uint8_t *) (intptr_t) u, u_stride, (uint8_t *) (intptr_t) v, v_stride, width, height);
}

/* Whether this libyuv has the preview's functions. */
JNIEXPORT jboolean JNICALL Java_live_recbot_encode_LibyuvPreview_ready(JNIEnv *env, jclass cls) {
    (void) env;
    (void) cls;
    return i420_scale != NULL ? JNI_TRUE : JNI_FALSE;
}

/*
 * Converts a packed picture of 4-byte pixels held in a Java array (B, G, R, X in memory, or R, G,
 * B, X when red_first) to full-range yuv420p in scratch, at its own size, then shrinks that into
 * the output planes by box filter. The array is pinned only for the conversion. scratch holds
 * width * height + 2 * ((width + 1) / 2) * ((height + 1) / 2) bytes. Returns libyuv's result, or
 * -1 when the array cannot be pinned.
 */
JNIEXPORT jint JNICALL Java_live_recbot_encode_LibyuvPreview_shrinkToJ420(JNIEnv *env, jclass cls,
        jbyteArray pixels, jint width, jint height, jboolean red_first, jlong scratch, jint out_width,
        jint out_height, jlong y, jint y_stride, jlong u, jint u_stride, jlong v, jint v_stride) {
    (void) cls;
    int chroma_width = (width + 1) / 2;
    uint8_t *full_y = (uint8_t *) (intptr_t) scratch;
    uint8_t *full_u = full_y + (size_t) width * height;
    uint8_t *full_v = full_u + (size_t) chroma_width * ((height + 1) / 2);
    uint8_t *src = (*env)->GetPrimitiveArrayCritical(env, pixels, NULL);
    if (src == NULL) {
        return -1;
    }
    argb_to_i420_fn to_j420 = red_first ? abgr_to_j420 : argb_to_j420;
    int ret = to_j420(src, width * 4, full_y, width, full_u, chroma_width, full_v, chroma_width, width, height);
    (*env)->ReleasePrimitiveArrayCritical(env, pixels, src, JNI_ABORT);
    if (ret != 0) {
        return ret;
    }
    return i420_scale(full_y, width, full_u, chroma_width, full_v, chroma_width, width, height,
                      (uint8_t *) (intptr_t) y, y_stride, (uint8_t *) (intptr_t) u, u_stride,
                      (uint8_t *) (intptr_t) v, v_stride, out_width, out_height, FILTER_BOX);
}
