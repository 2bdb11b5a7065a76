import { describe, expect, test } from 'vitest';
import { fitLabel } from '../../../client/src/graph/labels';

// 260 px is the widest box: 32 characters of label.
describe('graph box labels', () => {
  test('a label that fits is drawn whole', () => {
    expect(fitLabel('preprocess_companies_node', 260)).toBe('preprocess_companies_node');
  });

  test('a long name is cut between words, keeping whole words at both ends (the end favoured)', () => {
    expect(fitLabel('compare_passenger_capacity_across_shuttle_types_node', 260)).toBe('compare_passenger_…_types_node');
    expect(fitLabel('shuttle_capacity_reference_table_from_the_manufacturers', 260)).toBe('shuttle_…_from_the_manufacturers');
    expect(fitLabel('passenger_capacity_by_shuttle_type_and_engine_family_summary', 260)).toBe('passenger_capacity_by_…_summary');
    // Dots are boundaries too (nested parameter keys, dotted dataset names).
    expect(fitLabel('params:capacity_options.very_long_nested.key_name_here', 260)).toBe('params:capacity_….key_name_here');
    for (const l of ['compare_passenger_capacity_across_shuttle_types_node', 'params:capacity_options.very_long_nested.key_name_here']) {
      expect(fitLabel(l, 260).length).toBeLessThanOrEqual(32);
    }
  });

  test('words too long to cut between fall back to a cut mid-word, still both ends', () => {
    expect(fitLabel('averyveryverylongsinglewordthatkeepsgoingandgoingforever', 260)).toBe('averyveryverylon…andgoingforever');
    expect(fitLabel('a_averyveryverylongsinglewordthatkeepsgoingandgoing_b', 260)).toBe('a_averyveryveryl…goingandgoing_b');
  });
});
