// module crawler
