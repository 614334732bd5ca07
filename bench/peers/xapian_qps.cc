// xapian_qps.cc - the Xapian peer's in-process query loop, over the
// scriptindex database: QueryParser (English stemming, default AND,
// boolean operators, phrases, title: and month:/day: prefixes as in the
// quest command line), top 10, and MSet::snippet() of each hit's stored
// text, as Omega shows them.
//
//   xapian-qps DB QUERIES ROUNDS OUT
#include <xapian.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

static size_t
run(Xapian::Database &db, Xapian::QueryParser &qp, const std::string &q)
{
	Xapian::Enquire enq(db);
	Xapian::Query query = qp.parse_query(q,
		Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_PHRASE |
		Xapian::QueryParser::FLAG_BOOLEAN | Xapian::QueryParser::FLAG_LOVEHATE);
	enq.set_query(query);
	Xapian::MSet ms = enq.get_mset(0, 10);
	Xapian::Stem stem("english");
	size_t bytes = 0;
	for (Xapian::MSetIterator i = ms.begin(); i != ms.end(); ++i) {
		std::string data = i.get_document().get_data();
		bytes += ms.snippet(data, 240, stem).size();
	}
	return bytes;
}

int
main(int argc, char **argv)
{
	if (argc != 5) {
		std::cerr << "usage: xapian-qps DB QUERIES ROUNDS OUT\n";
		return 2;
	}
	Xapian::Database db(argv[1]);
	Xapian::QueryParser qp;
	qp.set_database(db);
	qp.set_stemmer(Xapian::Stem("english"));
	qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
	qp.set_default_op(Xapian::Query::OP_AND);
	qp.add_prefix("title", "S");
	qp.add_boolean_prefix("month", "M");
	qp.add_boolean_prefix("day", "D");
	std::vector<std::string> qs;
	std::ifstream in(argv[2]);
	for (std::string line; std::getline(in, line);)
		if (!line.empty())
			qs.push_back(line);
	int rounds = std::atoi(argv[3]);
	size_t bytes = 0;
	for (auto &q : qs)
		bytes += run(db, qp, q);
	FILE *out = std::fopen(argv[4], "w");
	double total = 0;
	for (int r = 0; r < rounds; r++)
		for (auto &q : qs) {
			auto t0 = std::chrono::steady_clock::now();
			bytes += run(db, qp, q);
			double t = std::chrono::duration<double>(
				std::chrono::steady_clock::now() - t0).count();
			total += t;
			std::fprintf(out, "%.9f\n", t);
		}
	std::fclose(out);
	std::printf("xapian-qps: %zu queries x %d rounds in %.3f s: %.0f "
	            "queries/s (%zu snippet bytes)\n", qs.size(), rounds, total,
	            qs.size() * rounds / total, bytes);
	return 0;
}
