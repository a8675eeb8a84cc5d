"""Small helpers shared by every layer: atomic writes, data and resource paths, an LRU, trie regexes."""
