/*
 * recbot's bridge to libyuv's ARGBToI420, the conversion of each captured picture to the
 * encoder's yuv420p. Why libyuv, and what it saves: live.recbot.encode.LibyuvConverter.
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

static argb_to_i420_fn argb_to_i420;

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
