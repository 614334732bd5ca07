// BenchLucene.java - the Lucene 4.10 peer of Byline's benchmark: indexes
// prep.py's articles.tsv and searches it, with snippets from Lucene's
// Highlighter. EnglishAnalyzer (Porter stemming, English stop words),
// positions (TextField keeps them), default operator AND.
//
//   java BenchLucene index TSV DIR            build an index
//   java BenchLucene search DIR QUERY         one query, top 10, snippets
//   java BenchLucene loop DIR QFILE ROUNDS OUT  one warm-up round, then
//                                             ROUNDS timed rounds; writes
//                                             one latency in seconds per line
import java.io.*;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.util.*;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.document.*;
import org.apache.lucene.index.*;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.*;
import org.apache.lucene.search.highlight.*;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Version;

public class BenchLucene {
    static final Version V = Version.LUCENE_4_10_4;

    static void index(String tsv, String dir) throws Exception {
        Analyzer an = new EnglishAnalyzer();
        IndexWriterConfig cfg = new IndexWriterConfig(V, an);
        cfg.setOpenMode(IndexWriterConfig.OpenMode.CREATE);
        cfg.setRAMBufferSizeMB(64);
        try (IndexWriter w = new IndexWriter(FSDirectory.open(new File(dir)), cfg);
             BufferedReader r = Files.newBufferedReader(Paths.get(tsv), StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                String[] f = line.split("\t", 6);
                if (f.length < 6)
                    continue;
                Document d = new Document();
                d.add(new StringField("id", f[2], Field.Store.YES));
                d.add(new StringField("date", f[1], Field.Store.YES));
                d.add(new TextField("title", f[3], Field.Store.YES));
                d.add(new TextField("author", f[4], Field.Store.NO));
                d.add(new TextField("text", f[3] + "\n" + f[5], Field.Store.YES));
                w.addDocument(d);
            }
            w.commit();
        }
    }

    static final class Searcher {
        final IndexSearcher s;
        final Analyzer an = new EnglishAnalyzer();
        Searcher(String dir) throws Exception {
            s = new IndexSearcher(DirectoryReader.open(FSDirectory.open(new File(dir))));
        }
        // Runs a query and renders the top 10 with snippets into out.
        int run(String q, StringBuilder out) throws Exception {
            QueryParser p = new QueryParser(V, "text", an);
            p.setDefaultOperator(QueryParser.Operator.AND);
            Query query = p.parse(q);
            TopDocs td = s.search(query, 10);
            Highlighter h = new Highlighter(new SimpleHTMLFormatter("[", "]"),
                                            new QueryScorer(query, "text"));
            h.setTextFragmenter(new SimpleFragmenter(240));
            out.append(td.totalHits).append(" results\n");
            for (ScoreDoc sd : td.scoreDocs) {
                Document d = s.doc(sd.doc);
                String text = d.get("text");
                String frag = h.getBestFragment(an, "text", text);
                out.append(d.get("id")).append(' ').append(d.get("title")).append('\n')
                   .append(frag == null ? "" : frag).append('\n');
            }
            return td.totalHits;
        }
    }

    public static void main(String[] a) throws Exception {
        if (a.length == 3 && a[0].equals("index")) {
            index(a[1], a[2]);
        } else if (a.length == 3 && a[0].equals("search")) {
            StringBuilder out = new StringBuilder();
            int n = new Searcher(a[1]).run(a[2], out);
            System.out.print(out);
            System.exit(n > 0 ? 0 : 1);
        } else if (a.length == 5 && a[0].equals("loop")) {
            Searcher s = new Searcher(a[1]);
            List<String> qs = Files.readAllLines(Paths.get(a[2]), StandardCharsets.UTF_8);
            int rounds = Integer.parseInt(a[3]);
            StringBuilder sink = new StringBuilder();
            for (String q : qs)
                s.run(q, sink);
            try (PrintWriter w = new PrintWriter(a[4], "UTF-8")) {
                for (int r = 0; r < rounds; r++)
                    for (String q : qs) {
                        sink.setLength(0);
                        long t = System.nanoTime();
                        s.run(q, sink);
                        w.println((System.nanoTime() - t) / 1e9);
                    }
            }
        } else {
            System.err.println("usage: BenchLucene index TSV DIR | search DIR QUERY | loop DIR QFILE ROUNDS OUT");
            System.exit(2);
        }
    }
}
