<?php
// A WordPress-like front controller: enough for a backup and a restore to have something real.
define( 'WP_USE_THEMES', true );
echo "<h1>Le blog de démonstration</h1>\n";
