// The one seed every job step splits data sets with, so that all steps of a job see the same train/test split.
/**
 * Training seeds vary per model (teacher 1, student 2, ...), but the split must not: a bag-of-words vocabulary and a
 * text corpus's held-out block both depend on the split seed, and a teacher evaluated on another split's test part
 * would be scored on examples it trained on (or on misaligned features).
 */
export const DATA_SPLIT_SEED = 42;
