"""Word and text files: GB/T 9704 export, import, and text-file decoding."""
