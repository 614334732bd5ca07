#!/usr/bin/perl
# search.pl - a CGI script in Perl that embeds Byline: it runs
# byline-search --format json through a list-form pipe (no shell; the query
# is one argument after --), decodes the JSON and renders a result list
# with paging.
#
# The web server sets BYLINE_INDEX (the index) and may set BYLINE_SEARCH
# (the program; default: byline-search on PATH). Only core modules.
use strict;
use warnings;
use Encode qw(decode encode FB_DEFAULT);
use JSON::PP;

my $PER = 10;
my $MAX_PAGE = 100;
my $search = $ENV{BYLINE_SEARCH} || 'byline-search';
$ENV{PATH} ||= '/usr/local/bin:/usr/bin:/bin';
# byline-search called with arguments is a command, not a CGI program.
delete $ENV{GATEWAY_INTERFACE};

sub url_decode {
	my ($s) = @_;
	$s =~ tr/+/ /;
	$s =~ s/%([0-9A-Fa-f]{2})/chr(hex($1))/ge;
	# invalid UTF-8 becomes U+FFFD; control characters, spaces
	$s = decode('UTF-8', $s, FB_DEFAULT);
	$s =~ tr/\x00-\x1f\x7f/ /;
	return $s;
}

sub url_encode {
	my ($s) = @_;
	$s = encode('UTF-8', $s);
	$s =~ s/([^A-Za-z0-9\-._~])/sprintf('%%%02X', ord($1))/ge;
	return $s;
}

sub html {
	my ($s) = @_;
	$s = '' unless defined $s;
	$s =~ s/&/&amp;/g;
	$s =~ s/</&lt;/g;
	$s =~ s/>/&gt;/g;
	$s =~ s/"/&quot;/g;
	$s =~ s/'/&#39;/g;
	return $s;
}

my %param;
for my $pair (split /&/, $ENV{QUERY_STRING} || '') {
	my ($name, $value) = split /=/, $pair, 2;
	next unless defined $value;
	$param{url_decode($name)} = url_decode($value);
}
my $q = defined $param{q} ? $param{q} : '';
my $page = 1;
$page = $1 if ($param{page} || '') =~ /^([1-9][0-9]{0,2})$/;
$page = $MAX_PAGE if $page > $MAX_PAGE;

binmode STDOUT, ':encoding(UTF-8)';

sub respond {
	my ($status, $body) = @_;
	print "Status: $status\r\n",
	      "Content-Type: text/html; charset=utf-8\r\n",
	      "Cache-Control: no-store\r\n\r\n",
	      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">",
	      "<meta name=\"viewport\" content=\"width=device-width, ",
	      "initial-scale=1\"><title>Search</title></head><body>\n",
	      "<form method=\"get\"><input type=\"search\" name=\"q\" value=\"",
	      html($q), "\"> <button>Search</button></form>\n",
	      $body, "</body></html>\n";
	exit 0;
}

respond('200 OK', '') if $q eq '';

# The list form of open runs the program directly: no shell sees $q.
my @cmd = ($search, '--format', 'json', '--limit', $PER,
           '--offset', ($page - 1) * $PER, '--', encode('UTF-8', $q));
my $json = '';
if (open(my $out, '-|', @cmd)) {
	local $/;
	$json = <$out>;
	close $out;
}
my $status = $? >> 8;
my $res = $status <= 1 && $json ne '' ?
          eval { JSON::PP->new->utf8->decode($json) } : undef;
respond('500 Internal Server Error',
        "<p>The search is not available right now.</p>\n")
	unless $res;

my $body = sprintf "<p>%d result%s</p>\n<ol start=\"%d\">\n", $res->{total},
                   $res->{total} == 1 ? '' : 's', ($page - 1) * $PER + 1;
for my $hit (@{$res->{hits}}) {
	my $title = html($hit->{title} // '(untitled)');
	my $url = $hit->{url} // '';
	$title = '<a href="' . html($url) . "\">$title</a>"
		if $url =~ m{^https?://};
	# snippet_html is HTML already: escaped text and <mark> around matches
	$body .= sprintf "<li><b>%s</b> <small>%s</small><br>%s</li>\n", $title,
	                 html(substr($hit->{date} // '', 0, 10)),
	                 $hit->{snippet_html};
}
$body .= "</ol>\n";
my $base = '?q=' . url_encode($q);
$body .= '<p><a rel="prev" href="' . html($base . '&page=' . ($page - 1)) .
         "\">Previous</a></p>\n" if $page > 1;
$body .= '<p><a rel="next" href="' . html($base . '&page=' . ($page + 1)) .
         "\">Next</a></p>\n"
	if $page * $PER < $res->{total} && $page < $MAX_PAGE;
respond('200 OK', $body);
