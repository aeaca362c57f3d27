/**
 * Fragments that name one item inside a page: `#comment-123` (WordPress, Disqus, Invision),
 * `#answer-456` and `#comment123_456` (Stack Exchange), `#post-789` and `#p789` (forum software),
 * `#res15`, `#reply-…`, `#review-…`, `#bookmark-…` (はてなブックマーク). The word must be followed by a
 * digit or a separator and an id holding a digit, so `#comments`, `#answers-2`, `#page2` and
 * `#section-2` stay anchors and are dropped. A bare number (`#15`) is not read as an item: it is
 * as often a footnote or a section; a board that names posts that way gets a rule of its own.
 *
 * Matched, anchored and case-insensitively, against the fragment without `#`.
 */
export const ITEM_ANCHOR_PATTERN = String.raw`(?:comment|answer|ans|reply|res|post|review|bookmark)(?:[-_:][A-Za-z0-9_.:-]*\d[A-Za-z0-9_.:-]*|\d[A-Za-z0-9_.:-]*)|p\d+`;
