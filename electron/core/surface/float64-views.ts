/**
 * `count` zeroed Float64Arrays of length n on one backing store. A typed array longer than 64
 * bytes gets its own off-heap buffer, which costs V8 about a microsecond to allocate and more to
 * collect: a warm recalibration builds a dozen such arrays per slice fit, so they share one.
 */
type Views<C extends number, R extends Float64Array[] = []> = R['length'] extends C ? R : Views<C, [...R, Float64Array]>;

export function float64Views<C extends number>(n: number, count: C): Views<C> {
  const buffer = new Float64Array(n * count);
  const views: Float64Array[] = [];
  for (let i = 0; i < count; i++) views.push(buffer.subarray(i * n, (i + 1) * n));
  return views as Views<C>;
}
