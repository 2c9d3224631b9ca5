import { describe, expect, it } from 'vitest';
import { rowWindow } from './row-window.ts';

describe('rowWindow', () => {
  it('covers_the_rows_in_view_plus_the_overscan', () => {
    // Rows 100..149 fill a 1000 px view of 20 px rows scrolled to 2000 px.
    expect(rowWindow(2000, 1000, 20, 10_000, 5)).toEqual({ from: 95, to: 155 });
  });

  it('clamps_to_the_list_and_handles_a_list_starting_below_the_view_top', () => {
    expect(rowWindow(-300, 400, 20, 10_000, 5)).toEqual({ from: 0, to: 10 });
    expect(rowWindow(0, 400, 20, 7, 5)).toEqual({ from: 0, to: 7 });
    // Scrolled past a list that shrank: nothing to render.
    expect(rowWindow(5000, 400, 20, 7, 5)).toEqual({ from: 7, to: 7 });
    // A list entirely below the view.
    expect(rowWindow(-1000, 400, 20, 50, 5)).toEqual({ from: 0, to: 0 });
  });
});
