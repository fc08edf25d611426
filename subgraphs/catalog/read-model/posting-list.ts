/**
 * A growable list of 32-bit integers in one typed array: half the memory of a JS array of numbers, and no
 * per-element objects. `trim()` drops the spare room (after the initial load).
 */
export class PostingList {
  private data = new Int32Array(4);
  length = 0;

  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length] = value;
    this.length += 1;
  }

  /** Removes the first value `matches` accepts; whether one did. */
  removeFirst(matches: (value: number) => boolean): boolean {
    for (let index = 0; index < this.length; index += 1) {
      if (!matches(this.data[index])) continue;
      this.data.copyWithin(index, index + 1, this.length);
      this.length -= 1;
      return true;
    }
    return false;
  }

  at(index: number): number {
    return this.data[index];
  }

  trim(): void {
    if (this.data.length > this.length) this.data = this.data.slice(0, Math.max(this.length, 1));
  }
}
