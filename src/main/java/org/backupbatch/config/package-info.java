/**
 * Site configuration: loads {@code jobs/<site>.yaml} over its layers (built-in defaults, provider
 * template, app template), checks every key, type and range with messages naming the file, the
 * field and why, and hands out immutable records; passwords travel as {@link
 * org.backupbatch.config.Secret}. Opens sealed {@code ENC(…)} values with the {@link
 * org.backupbatch.config.MasterKey} ({@link org.backupbatch.config.SealedValue}). Also reads the database settings of a WordPress
 * {@code wp-config.php}. Records, as the layers merge, which one gave each value ({@link
 * org.backupbatch.config.EffectiveConfig}, for {@code job=config}), and writes new site files
 * ({@link org.backupbatch.config.SiteFileInit}).
 *
 * <p>Plain Java, no Spring. Imports nothing from other {@code org.backupbatch} packages except
 * {@code errors}.
 */
package org.backupbatch.config;
