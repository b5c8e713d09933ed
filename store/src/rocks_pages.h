// Internal: site crawls on RocksDB (schema.h crawl_key/page_key), called by
// RocksDbStore. See docs/store.md, "Pages".
#pragma once

#include <rocksdb/db.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "klantreis/store/pages.h"

namespace kr::store::internal {

Result<std::unique_ptr<PageWriter>> BeginRocksCrawl(rocksdb::DB* db, const std::string& dir, const CrawlRun& run);
Result<std::vector<CrawlRun>> ListRocksCrawls(rocksdb::DB* db, const std::string& dir);
Status ForEachRocksPage(rocksdb::DB* db, const std::string& dir,
                        const std::function<bool(const CrawlRun&, const WebPage&)>& fn);

}  // namespace kr::store::internal
