// Sentiment month by month
// Posts per month and final verdict, with the mean polarity score.
MATCH (p:Post) WHERE p.year IS NOT NULL AND p.sentiment IS NOT NULL
RETURN p.year AS year, p.month AS month, p.sentiment AS sentiment, count(DISTINCT p) AS posts,
       round(avg(p.sentiment_score) * 100) / 100 AS mean_score
ORDER BY year, month, sentiment
