/* Shared by the native sources: how a function becomes a wasm export. */
#ifndef UNROLLED_EXPORT_H
#define UNROLLED_EXPORT_H
#define EXPORT(name) __attribute__((export_name(name)))
#endif
