"""Text model: paragraphs, headings, enumerations and sections; the jieba adapter; counting."""
