import { defineErrors } from "@takedown/errors";

export const createVocabularyError = defineErrors({
  VOCABULARY_INVALID_PLATFORM_ID: {
    message: "not a platform id, so no topic name can be made of it",
    retryable: false,
  },
});
