// module reports
