// bench/simdjson_validate.cpp: the state of the art at validating NDJSON,
// as scripts/bench's yardstick for ann-cat and ann-select.  Every record of
// FILE goes through simdjson's DOM parse_many, which builds each document's
// tape and so validates all of it (the On-Demand API would skip what is not
// read); prints how many documents there were.  The first error ends the
// run with its document number and simdjson's message, exit 1: after an
// error a document stream cannot tell where the next document starts.
//
// Built by scripts/bench where Debian's libsimdjson-dev is installed:
//   g++ -O2 -std=c++17 simdjson_validate.cpp $(pkg-config --cflags --libs simdjson)
#include <cstdio>
#include <cstdlib>

#include <simdjson.h>

int main(int argc, char **argv)
{
	if (argc != 2) {
		std::fprintf(stderr, "usage: simdjson_validate FILE.ndjson\n");
		return 2;
	}
	simdjson::padded_string json;
	if (auto error = simdjson::padded_string::load(argv[1]).get(json)) {
		std::fprintf(stderr, "simdjson_validate: %s: %s\n", argv[1],
		    simdjson::error_message(error));
		return 2;
	}
	simdjson::dom::parser parser;
	simdjson::dom::document_stream docs;
	// A batch must hold the largest record; 16 MB is far past the
	// generated ones and leaves the default's speed.
	if (auto error = parser.parse_many(json, 16 << 20).get(docs)) {
		std::fprintf(stderr, "simdjson_validate: %s: %s\n", argv[1],
		    simdjson::error_message(error));
		return 2;
	}
	unsigned long long n = 0;
	for (auto it = docs.begin(); it != docs.end(); ++it) {
		if (auto error = (*it).error()) {
			std::fprintf(stderr, "simdjson_validate: %s: document %llu (byte %zu): %s\n",
			    argv[1], n + 1, it.current_index(), simdjson::error_message(error));
			return 1;
		}
		n++;
	}
	// An incomplete last document is not an error of the stream: ask.
	if (docs.truncated_bytes() != 0) {
		std::fprintf(stderr, "simdjson_validate: %s: %zu bytes after document %llu are not a whole document\n",
		    argv[1], docs.truncated_bytes(), n);
		return 1;
	}
	std::printf("%llu documents\n", n);
	return std::fclose(stdout) == 0 ? 0 : 2;
}
