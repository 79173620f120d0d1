// Parses a feed with podcast-partytime (a Podcasting 2.0 parser) and prints what it found as JSON.
import { readFileSync } from "node:fs";
import { parseFeed } from "podcast-partytime";

const feed = parseFeed(readFileSync(process.argv[2], "utf8"));
console.log(JSON.stringify(feed, (key, value) => (value instanceof Date ? value.toISOString() : value)));
