<?php
// Demo site shipped with backup-batch: a tiny tree to back up without any server.
echo "Hello from the demo site";
