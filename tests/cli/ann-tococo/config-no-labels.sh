# A labeling config that names no labels gives no categories, and an empty
# input no images: an empty COCO document, with nothing to sort (qsort of
# a NULL list under UBSan).
printf '%s\n' '<View><Image name="image" value="$image"/></View>' > config.xml
ann-tococo --config config.xml < /dev/null
